/**
 * Environment every epaper process runs with, locally (bin/epaper.js starts itself with it) and in
 * Lambda (each function's environment). Plain JavaScript: the command's launcher reads it before
 * TypeScript is available.
 *
 * MALLOC_ARENA_MAX: sharp's libvips threads and libuv's pool each get a glibc malloc arena, and
 * freed memory stays behind in every one of them. Two arenas keep a 100-page build's Node process
 * about 80 MB smaller (measured at render time, 2026-11-27: 354 MB with glibc's default, 272 with 2).
 */
export const PROCESS_ENVIRONMENT = Object.freeze({
  MALLOC_ARENA_MAX: '2',
});
