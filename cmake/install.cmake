# Install rules and the find_package(citegraph) package: headers, static libraries, the
# executable, citegraphConfig.cmake, its version file and the exported namespaced targets
# (citegraph::graph, ::read, ::write, ::analysis, ::pipeline, ::citegraph).
include(CMakePackageConfigHelpers)
set(CITEGRAPH_CMAKE_DIR ${CMAKE_INSTALL_LIBDIR}/cmake/citegraph)

install(TARGETS citegraph_graph citegraph_read citegraph_write citegraph_analysis citegraph_pipeline
        EXPORT citegraphTargets
        ARCHIVE DESTINATION ${CMAKE_INSTALL_LIBDIR}
        LIBRARY DESTINATION ${CMAKE_INSTALL_LIBDIR}
        INCLUDES DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(TARGETS citegraph EXPORT citegraphTargets RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR})
install(DIRECTORY include/citegraph DESTINATION ${CMAKE_INSTALL_INCLUDEDIR})
install(FILES ${PROJECT_BINARY_DIR}/include/citegraph/version.hpp
        DESTINATION ${CMAKE_INSTALL_INCLUDEDIR}/citegraph)
install(EXPORT citegraphTargets NAMESPACE citegraph:: DESTINATION ${CITEGRAPH_CMAKE_DIR})

configure_package_config_file(cmake/citegraphConfig.cmake.in
  ${PROJECT_BINARY_DIR}/citegraphConfig.cmake INSTALL_DESTINATION ${CITEGRAPH_CMAKE_DIR})
write_basic_package_version_file(${PROJECT_BINARY_DIR}/citegraphConfigVersion.cmake
  COMPATIBILITY SameMinorVersion)
install(FILES ${PROJECT_BINARY_DIR}/citegraphConfig.cmake
              ${PROJECT_BINARY_DIR}/citegraphConfigVersion.cmake
              cmake/Findigraph.cmake
              cmake/Findlibdeflate.cmake
        DESTINATION ${CITEGRAPH_CMAKE_DIR})
install(FILES LICENSE DESTINATION ${CMAKE_INSTALL_DATADIR}/doc/citegraph)
