# vanthu_add_module(<part> SOURCES ... [DEPS ...] [PRIVATE_DEPS ...])
#
# Makes the static library vanthu_<part> with alias vanthu::<part>. Its public headers live in
# <part>/include/vanthu/<part>/ and name only vanthu types; everything under <part>/src is private,
# and third-party libraries go in PRIVATE_DEPS so their types never leak to consumers.
# A part with no SOURCES yet is an INTERFACE library: it links, and offers nothing.
function(vanthu_add_module part)
  cmake_parse_arguments(ARG "" "" "SOURCES;DEPS;PRIVATE_DEPS" ${ARGN})
  set(target vanthu_${part})
  if(NOT ARG_SOURCES)
    add_library(${target} INTERFACE)
    add_library(vanthu::${part} ALIAS ${target})
    target_include_directories(${target} INTERFACE ${CMAKE_CURRENT_SOURCE_DIR}/include)
    target_link_libraries(${target} INTERFACE ${ARG_DEPS})
    return()
  endif()
  add_library(${target} STATIC ${ARG_SOURCES})
  add_library(vanthu::${part} ALIAS ${target})
  target_include_directories(${target}
    PUBLIC ${CMAKE_CURRENT_SOURCE_DIR}/include
    PRIVATE ${CMAKE_CURRENT_SOURCE_DIR}/src)
  target_link_libraries(${target} PUBLIC ${ARG_DEPS} PRIVATE ${ARG_PRIVATE_DEPS})
  vanthu_set_warnings(${target})
endfunction()

function(vanthu_set_warnings target)
  target_compile_options(${target} PRIVATE -Wall -Wextra -Wpedantic -Wshadow -Wconversion
    -Wno-sign-conversion -Wnon-virtual-dtor -Wold-style-cast -Woverloaded-virtual)
  if(VANTHU_WERROR)
    target_compile_options(${target} PRIVATE -Werror)
  endif()
endfunction()
