# Tests that open .xlsx files in LibreOffice (included by tests/CMakeLists.txt). Each block
# registers one script; they share the "soffice" lock since LibreOffice is slow to start and
# heavy on a small machine.

# --- xlsx.libreoffice_reads: thidua reads what LibreOffice writes -------------------------
# The sample's score sheets saved as .xlsx by LibreOffice rank exactly as the CSV files do.
add_test(NAME xlsx.libreoffice_reads
         COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/xlsx/libreoffice_reads.py
                 --thidua $<TARGET_FILE:thidua_cli>
                 --data ${PROJECT_SOURCE_DIR}/examples/data)
set_tests_properties(xlsx.libreoffice_reads PROPERTIES TIMEOUT 300 RESOURCE_LOCK soffice SKIP_RETURN_CODE 77)
# --- end of xlsx.libreoffice_reads -------------------------------------------------------

# --- xlsx.libreoffice_roundtrip: LibreOffice reads what thidua writes ---------------------
# The sample's council workbook converted to CSV by LibreOffice (every sheet) has the same
# totals, family subtotals, classes and ranks as thidua's CSV; the blank template shows its
# machine header on row 3.
add_test(NAME xlsx.libreoffice_roundtrip
         COMMAND python3 ${PROJECT_SOURCE_DIR}/tests/xlsx/libreoffice_roundtrip.py
                 --thidua $<TARGET_FILE:thidua_cli>
                 --data ${PROJECT_SOURCE_DIR}/examples/data)
set_tests_properties(xlsx.libreoffice_roundtrip PROPERTIES TIMEOUT 300 RESOURCE_LOCK soffice SKIP_RETURN_CODE 77)
# --- end of xlsx.libreoffice_roundtrip ----------------------------------------------------
