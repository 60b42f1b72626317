# cmake -DOUTPUT=presets_data.cpp -DPRESET_DIR=presets -P embed_presets.cmake
# Embeds every presets/*.json as a raw string, so the app lists and loads presets instantly, with no
# file system or network request.
file(GLOB files "${PRESET_DIR}/*.json")
list(SORT files)
set(body "")
foreach(f ${files})
  get_filename_component(id "${f}" NAME_WE)
  file(READ "${f}" text)
  string(FIND "${text}" ")preset\"" clash)
  if(NOT clash EQUAL -1)
    message(FATAL_ERROR "${f} contains the raw-string delimiter )preset\"")
  endif()
  string(APPEND body "    {\"${id}\", R\"preset(${text})preset\"},\n")
endforeach()
file(WRITE "${OUTPUT}.tmp" "// Generated from presets/*.json by embed_presets.cmake: do not edit.\n"
  "#include \"app/presets.hpp\"\n\nnamespace packfolio::app {\n\n"
  "const std::vector<EmbeddedPreset>& embedded_presets() {\n"
  "    static const std::vector<EmbeddedPreset> presets = {\n${body}    };\n    return presets;\n}\n\n"
  "}  // namespace packfolio::app\n")
execute_process(COMMAND ${CMAKE_COMMAND} -E copy_if_different "${OUTPUT}.tmp" "${OUTPUT}")
