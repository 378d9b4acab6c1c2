# Fails when any C++ source under src/, tests/, bench/ or fuzz/ differs from what clang-format produces.
file(GLOB_RECURSE sources ${ROOT}/src/*.cpp ${ROOT}/src/*.hpp ${ROOT}/tests/*.cpp ${ROOT}/tests/*.hpp
     ${ROOT}/bench/*.cpp ${ROOT}/bench/*.hpp ${ROOT}/fuzz/*.cpp ${ROOT}/fuzz/*.hpp)
execute_process(COMMAND ${CLANG_FORMAT} --dry-run --Werror ${sources} RESULT_VARIABLE rc ERROR_VARIABLE err)
if(NOT rc EQUAL 0)
  message(FATAL_ERROR "clang-format differences (run clang-format -i on these files):\n${err}")
endif()
