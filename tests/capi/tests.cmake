# The C API (include/thidua/thidua.h) from C and from Python (ctypes), and the exports of
# libthidua.so. Included from tests/CMakeLists.txt.
enable_language(C)

# A C11 program: compiled as C, linked to the shared library only.
add_executable(capi_test ${CMAKE_CURRENT_LIST_DIR}/capi_test.c)
set_target_properties(capi_test PROPERTIES C_STANDARD 11 C_STANDARD_REQUIRED ON C_EXTENSIONS OFF)
target_link_libraries(capi_test PRIVATE thidua::shared thidua_flags Threads::Threads)
add_test(NAME capi.c COMMAND capi_test ${PROJECT_SOURCE_DIR}/examples/data ${PROJECT_VERSION})

# A sanitizer-instrumented libthidua.so in an uninstrumented python3 needs the sanitizer
# runtimes loaded first; leaks inside the interpreter are not ours to report.
set(THIDUA_CAPI_PYTHON_ENV "")
if(THIDUA_SANITIZE)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libasan.so
                  OUTPUT_VARIABLE THIDUA_LIBASAN OUTPUT_STRIP_TRAILING_WHITESPACE)
  execute_process(COMMAND ${CMAKE_CXX_COMPILER} -print-file-name=libubsan.so
                  OUTPUT_VARIABLE THIDUA_LIBUBSAN OUTPUT_STRIP_TRAILING_WHITESPACE)
  set(THIDUA_CAPI_PYTHON_ENV "LD_PRELOAD=${THIDUA_LIBASAN}:${THIDUA_LIBUBSAN}"
      "ASAN_OPTIONS=detect_leaks=0")
endif()

find_package(Python3 COMPONENTS Interpreter)
if(Python3_Interpreter_FOUND)
  # With the command line, the JSON is also compared byte for byte with `thidua rank`.
  set(THIDUA_CAPI_CLI "")
  if(TARGET thidua_cli)
    set(THIDUA_CAPI_CLI $<TARGET_FILE:thidua_cli>)
  endif()
  add_test(NAME capi.python
           COMMAND ${Python3_EXECUTABLE} ${CMAKE_CURRENT_LIST_DIR}/capi_test.py $<TARGET_FILE:thidua_shared>
                   ${PROJECT_SOURCE_DIR}/examples/data ${THIDUA_CAPI_CLI})
  if(THIDUA_CAPI_PYTHON_ENV)
    set_tests_properties(capi.python PROPERTIES ENVIRONMENT "${THIDUA_CAPI_PYTHON_ENV}")
  endif()
endif()

# libthidua.so exports exactly the functions thidua.h declares: no C++ symbol leaks out.
find_program(THIDUA_NM NAMES nm)
if(THIDUA_NM)
  add_test(NAME capi.exports
           COMMAND ${CMAKE_COMMAND} -DNM=${THIDUA_NM} -DLIBRARY=$<TARGET_FILE:thidua_shared>
                   -DHEADER=${PROJECT_SOURCE_DIR}/include/thidua/thidua.h -P ${CMAKE_CURRENT_LIST_DIR}/exports.cmake)
endif()

# The examples of examples/capi must run and print the sample's known values.
if(TARGET capi_rank)
  add_test(NAME example.capi_c
           COMMAND capi_rank ${PROJECT_SOURCE_DIR}/examples/data/truong-hoc-2024-2025.toml
                   ${PROJECT_SOURCE_DIR}/examples/data/diem-hoi-dong.csv TH05)
  set_tests_properties(example.capi_c PROPERTIES PASS_REGULAR_EXPRESSION "\"total_text\": \"86.00\"")
endif()
if(Python3_Interpreter_FOUND)
  add_test(NAME example.capi_python
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/examples/capi/rank.py
                   --library $<TARGET_FILE:thidua_shared>
                   ${PROJECT_SOURCE_DIR}/examples/data/truong-hoc-2024-2025.toml
                   ${PROJECT_SOURCE_DIR}/examples/data/diem-hoi-dong.csv)
  set_tests_properties(example.capi_python PROPERTIES PASS_REGULAR_EXPRESSION "MN04 +96.00")
  if(THIDUA_CAPI_PYTHON_ENV)
    set_tests_properties(example.capi_python PROPERTIES ENVIRONMENT "${THIDUA_CAPI_PYTHON_ENV}")
  endif()
  # Titles with the staff sent as JSON rows (examples/capi/titles.py): the sample's counts.
  add_test(NAME example.capi_python_titles
           COMMAND ${Python3_EXECUTABLE} ${PROJECT_SOURCE_DIR}/examples/capi/titles.py
                   --library $<TARGET_FILE:thidua_shared>
                   ${PROJECT_SOURCE_DIR}/examples/data/truong-hoc-2024-2025.toml
                   ${PROJECT_SOURCE_DIR}/examples/data/diem-hoi-dong.csv
                   ${PROJECT_SOURCE_DIR}/examples/data/can-bo.csv
                   ${PROJECT_SOURCE_DIR}/examples/data/diem-ca-nhan.csv
                   ${PROJECT_SOURCE_DIR}/examples/data/lich-su.csv)
  set_tests_properties(example.capi_python_titles PROPERTIES
                       PASS_REGULAR_EXPRESSION "CSTD_TINH +Chiến sĩ thi đua cấp tỉnh: 4 \\(7\\.020\\.000 đ mỗi người\\), đầu danh sách: GV0081, GV1513, GV1266")
  if(THIDUA_CAPI_PYTHON_ENV)
    set_tests_properties(example.capi_python_titles PROPERTIES ENVIRONMENT "${THIDUA_CAPI_PYTHON_ENV}")
  endif()
endif()
