# The examples of docs/api.md: each runs on the bundled sample and its output is compared
# with its .expected file (or, for the C quick start, with `thidua rank --format json`);
# docs.api_examples checks that the code and outputs docs/api.md shows are these files.
# Included from tests/CMakeLists.txt.
set(THIDUA_SAMPLE examples/data)  # relative to the source tree: positions in outputs stay short
set(THIDUA_SAMPLE_SCHEME ${THIDUA_SAMPLE}/truong-hoc-2024-2025.toml)
set(THIDUA_SAMPLE_SCORES ${THIDUA_SAMPLE}/diem-hoi-dong.csv)

function(thidua_example_test name target args)
  cmake_parse_arguments(PARSE_ARGV 3 opt "" "EXPECTED;REFERENCE;EXIT" "")
  set(compare -DEXPECTED=${PROJECT_SOURCE_DIR}/${opt_EXPECTED})
  if(opt_REFERENCE)
    set(compare "-DREFERENCE=${opt_REFERENCE}")
  endif()
  set(status 0)
  if(opt_EXIT)
    set(status ${opt_EXIT})
  endif()
  add_test(NAME ${name}
           COMMAND ${CMAKE_COMMAND} -DPROGRAM=$<TARGET_FILE:${target}> "-DARGS=${args}" ${compare}
                   -DEXIT=${status} -DWORKDIR=${PROJECT_SOURCE_DIR}
                   -P ${CMAKE_CURRENT_LIST_DIR}/run_example.cmake)
endfunction()

if(TARGET api_rank_files)
  thidua_example_test(example.api_rank_files api_rank_files "${THIDUA_SAMPLE_SCHEME}|${THIDUA_SAMPLE_SCORES}"
                      EXPECTED examples/api/rank_files.expected)
  thidua_example_test(example.api_why_class api_why_class "${THIDUA_SAMPLE_SCHEME}|${THIDUA_SAMPLE_SCORES}|MN03"
                      EXPECTED examples/api/why_class.expected)
  thidua_example_test(example.api_errors api_errors "${THIDUA_SAMPLE_SCHEME}"
                      EXPECTED examples/api/errors.expected)
  thidua_example_test(example.api_threads api_threads "${THIDUA_SAMPLE_SCHEME}|${THIDUA_SAMPLE_SCORES}"
                      EXPECTED examples/api/threads.expected)
  thidua_example_test(example.api_titles api_titles
                      "${THIDUA_SAMPLE_SCHEME}|${THIDUA_SAMPLE_SCORES}|${THIDUA_SAMPLE}/can-bo.csv|${THIDUA_SAMPLE}/diem-ca-nhan.csv|${THIDUA_SAMPLE}/lich-su.csv"
                      EXPECTED examples/api/titles.expected)
endif()
if(TARGET capi_quick_start AND TARGET thidua_cli)
  thidua_example_test(example.capi_quick_start capi_quick_start "${THIDUA_SAMPLE_SCHEME}|${THIDUA_SAMPLE_SCORES}"
                      REFERENCE "$<TARGET_FILE:thidua_cli>|rank|--scheme|${THIDUA_SAMPLE_SCHEME}|--scores|${THIDUA_SAMPLE_SCORES}|--format|json")
  thidua_example_test(example.capi_quick_start_error capi_quick_start
                      "${THIDUA_SAMPLE_SCHEME}|tests/data/examples/diem-loi.csv"
                      EXPECTED examples/capi/quick_start-error.expected EXIT 2)
endif()

# The embedding example's output too (it also checks its numbers itself).
if(TARGET embed_in_memory)
  thidua_example_test(example.embed_in_memory embed_in_memory "" EXPECTED examples/embed/in_memory.expected)
endif()

find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  add_test(NAME docs.api_examples
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/check_doc_snippets.py ${PROJECT_SOURCE_DIR}
                   docs/api.md)
endif()
