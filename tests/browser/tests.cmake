# The HTML report opened in a real browser (docs/html-report.md, "The browser test"):
# Debian's headless Chromium loads the sample report, check_report.py (python3, standard
# library only) drives it over the DevTools pipe, fails on console errors, checks that every
# school of `thidua rank --format csv` is on the page, and leaves a full-page screenshot and
# the A4 print (PDF) in ${CMAKE_BINARY_DIR}/browser/ as artefacts.
#
#   browser.report          the report as the CLI writes it (--format html --audit all)
#   browser.report_library  the report written by write_html directly (tests/browser/make_report.cpp)
find_program(THIDUA_CHROMIUM NAMES chromium-headless-shell chromium chromium-browser)
find_package(Python3 COMPONENTS Interpreter)

add_executable(thidua_html_sample ${CMAKE_CURRENT_LIST_DIR}/make_report.cpp)
target_link_libraries(thidua_html_sample PRIVATE thidua::thidua thidua_flags)

if(NOT THIDUA_CHROMIUM OR NOT Python3_Interpreter_FOUND)
  message(WARNING "Chromium (chromium-headless-shell) or python3 not found: the browser tests are not registered. "
                  "scripts/install-deps.sh installs both.")
  return()
endif()

set(_thidua_browser_args ${CMAKE_CURRENT_LIST_DIR}/check_report.py --browser ${THIDUA_CHROMIUM}
    --cli $<TARGET_FILE:thidua_cli> --data ${PROJECT_SOURCE_DIR}/examples/data)
add_test(NAME browser.report
         COMMAND ${Python3_EXECUTABLE} ${_thidua_browser_args} --out-dir ${CMAKE_BINARY_DIR}/browser/cli)
add_test(NAME browser.report_library
         COMMAND ${Python3_EXECUTABLE} ${_thidua_browser_args} --out-dir ${CMAKE_BINARY_DIR}/browser/library
                 --producer $<TARGET_FILE:thidua_html_sample>)
set_tests_properties(browser.report browser.report_library PROPERTIES TIMEOUT 180 LABELS browser)
