#!/usr/bin/env bash
# The docs in docs/ stay true to the code:
#   (a) every "<doc>.md §N" citation in src/, tests/ and presets/ names a doc in docs/ with a "§N" heading;
#   (b) every source key `packfolio sources`, the presets and the docs cite has a Bibliography entry with a link
#       in docs/MODEL.md;
#   (c) every *.md file that code, tests, presets or scripts mention exists in the repo;
#   (d) docs/DATA.md's generated tables match `packfolio sources` and presets/ (scripts/docs-data --check).
# It also lists, without failing, comments that point at issue numbers or at paths outside the repo (the lead
# rewrites those in code).
source "$(dirname "$0")/lib.sh"
set -e

# expect_node DESCRIPTION SCRIPT: runs a node check over the repo; it prints one line per problem and exits 1.
expect_node() {
  checks=$((checks + 1))
  local why
  if ! why=$(node -e "$2" "$root" "$cli" 2>&1); then
    echo "FAIL: $1"; echo "$why" | sed 's/^/  /'; failures=$((failures + 1))
  elif [ -n "$why" ]; then
    echo "$why"
  fi
}

# Shared helpers for the node checks: the repo's text files under some folders.
walk='
const fs = require("fs"), path = require("path");
const root = process.argv[1], cli = process.argv[2];
const skip = new Set(["node_modules", "build", ".git", ".cache"]);
function files(dir, exts) {
  const out = [];
  const abs = path.join(root, dir);
  if (!fs.existsSync(abs)) return out;
  if (fs.statSync(abs).isFile()) return [dir];
  for (const e of fs.readdirSync(abs, { withFileTypes: true })) {
    if (skip.has(e.name)) continue;
    const rel = path.join(dir, e.name);
    if (e.isDirectory()) out.push(...files(rel, exts));
    else if (exts.some((x) => e.name.endsWith(x))) out.push(rel);
  }
  return out;
}
const lines = (f) => fs.readFileSync(path.join(root, f), "utf8").split("\n");
'

# (a) Citations resolve to a heading. "DATA.md §1, §4, §6" cites three sections of DATA.md; a bare "§N" later on
# the same line belongs to the last doc named before it ("IRC §45X" is a statute, not a doc).
expect_node "every <doc>.md §N citation in src/, tests/, presets/ resolves to a heading in docs/" "$walk"'
const headings = new Map();
function has(doc, sec) {
  if (!headings.has(doc)) {
    const p = path.join(root, "docs", doc);
    headings.set(doc, fs.existsSync(p) ? new Set(lines(path.join("docs", doc))
      .map((l) => /^#{1,6} §([0-9]+(?:\.[0-9]+)*)(?:\s|$)/.exec(l)).filter(Boolean).map((m) => m[1])) : null);
  }
  const h = headings.get(doc);
  return h === null ? "no file docs/" + doc : h.has(sec) ? "" : "no heading §" + sec + " in docs/" + doc;
}
const bad = [];
let n = 0;
for (const f of ["src", "tests", "presets"].flatMap((d) => files(d, [".cpp", ".hpp", ".h", ".js", ".sh", ".json", ".txt", ".cmake"])))
  lines(f).forEach((line, i) => {
    const re = /([A-Za-z_][A-Za-z0-9_-]*\.md)\s+§([0-9]+(?:\.[0-9]+)*)|(?:^|[^A-Za-z0-9])(?:IRC|IRA 2022)\s+§[0-9A-Za-z()]+|§([0-9]+(?:\.[0-9]+)*)/g;
    let doc = null, m;
    while ((m = re.exec(line))) {
      let sec;
      if (m[1]) { doc = m[1]; sec = m[2]; }
      else if (m[3] && doc) sec = m[3];
      else continue;
      n++;
      const why = has(doc, sec);
      if (why) bad.push(f + ":" + (i + 1) + ": " + doc + " §" + sec + ": " + why);
    }
  });
if (n < 100) bad.push("only " + n + " citations found: the scan is broken");
if (bad.length) { console.log(bad.join("\n")); process.exit(1); }
'

# (b) Every source key printed by `packfolio sources` has a Bibliography entry with a link.
expect_node "every source key (packfolio sources, presets, docs) has a linked Bibliography entry in docs/MODEL.md" "$walk"'
const { execFileSync } = require("child_process");
const sources = JSON.parse(execFileSync(cli, ["sources", "--format", "json"], { encoding: "utf8" }));
const keys = new Set();
const keyRe = /\[([A-Z][A-Za-z0-9]*(?:-[A-Za-z0-9]+)*)\](?!\()/g;  // [KEY], not a Markdown link [text](url)
for (const s of sources) for (const m of s.source.matchAll(keyRe)) keys.add(m[1]);
const sourceKeys = keys.size;
// The presets (their stories and meta.sources show in the app) and the docs cite keys too.
for (const f of files("presets", [".json"]).concat(files("docs", [".md"])))
  for (const m of fs.readFileSync(path.join(root, f), "utf8").matchAll(keyRe)) keys.add(m[1]);
const doc = fs.readFileSync(path.join(root, "docs/MODEL.md"), "utf8");
const at = doc.indexOf("\n## Bibliography");
if (at < 0) { console.log("docs/MODEL.md has no \"## Bibliography\" section"); process.exit(1); }
const entries = new Map();
let current = null;
for (const l of doc.slice(at).split("\n").slice(2)) {
  const m = /^- \[([^\]]+)\]/.exec(l);
  if (m) { current = m[1]; entries.set(current, l); }
  else if (/^\s+\S/.test(l) && current) entries.set(current, entries.get(current) + " " + l.trim());
  else if (/^#/.test(l)) break;
  else current = null;
}
const bad = [];
if (sourceKeys < 20) bad.push("only " + sourceKeys + " keys in packfolio sources: the scan is broken");
for (const k of [...keys].sort()) {
  if (!entries.has(k)) bad.push("[" + k + "] has no entry in docs/MODEL.md ## Bibliography");
  else if (!/https?:\/\/\S+/.test(entries.get(k))) bad.push("[" + k + "] has no link (https://...) in its entry");
}
if (bad.length) { console.log(bad.join("\n")); process.exit(1); }
'

# (c) Every *.md mentioned exists: at the path given, at the repo root or in docs/.
expect_node "every *.md that code, tests, presets or scripts mention exists in the repo" "$walk"'
const bad = [];
let n = 0;
const scanned = ["src", "tests", "presets", "scripts", "web", "CMakeLists.txt", "CMakePresets.json", "package.json"]
  .flatMap((d) => files(d, [".cpp", ".hpp", ".h", ".js", ".sh", ".json", ".txt", ".cmake", ".html", ".css", ""]));
for (const f of scanned)
  lines(f).forEach((line, i) => {
    for (const m of line.matchAll(/([A-Za-z0-9_.\/~-]*[A-Za-z0-9_-])\.md\b/g)) {
      const name = m[1] + ".md";
      n++;
      const base = path.basename(name);
      const found = [name, base, path.join("docs", base)].some((p) => !path.isAbsolute(p) && fs.existsSync(path.join(root, p)));
      if (!found) bad.push(f + ":" + (i + 1) + ": " + name + " is not in the repo (nor docs/" + base + ")");
    }
  });
if (n < 100) bad.push("only " + n + " mentions found: the scan is broken");
if (bad.length) { console.log(bad.join("\n")); process.exit(1); }
'

# (d) DATA.md tables are what the code says.
checks=$((checks + 1))
if ! why=$(node "$root/scripts/docs-data" --check "$cli" 2>&1); then
  echo "FAIL: docs/DATA.md generated tables: $why"; failures=$((failures + 1))
fi

# Reported, not failed: references in code comments that a reader of the repo cannot follow.
node -e "$walk"'
const notes = [];
for (const f of ["src", "tests"].flatMap((d) => files(d, [".cpp", ".hpp", ".h", ".js", ".sh"])))
  lines(f).forEach((line, i) => {
    if (/\bissues? [0-9]+\b|\(issue [0-9]+|#[0-9]+ issue/i.test(line) && /\/\/|^\s*#|\*/.test(line))
      notes.push(f + ":" + (i + 1) + ": cites an issue number");
    if (/(^|[\s(])(\/work\/|\.\.\/shared\/|\/home\/|\/root\/)/.test(line))
      notes.push(f + ":" + (i + 1) + ": names a path outside the repo");
  });
if (notes.length) console.log("note: " + notes.length + " reference(s) to fix in code (not a failure):\n  " + notes.join("\n  "));
' "$root" "$cli"

finish
