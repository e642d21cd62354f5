#pragma once
// HEALTHSITE_X86_64_V3_COPY before a function with a hot loop: on x86-64
// Linux the compiler makes a second copy of it for processors of the
// x86-64-v3 level (AVX2, BMI2, POPCNT: those since about 2013), and the
// program picks the copy when it starts. The copy runs the same code with
// the newer instructions: SSE2 operations without their register copies,
// a popcount and bit scans in one instruction each. Debian builds for the
// older baseline, which every copy still runs on.
#if defined(__x86_64__) && defined(__linux__)
#define HEALTHSITE_X86_64_V3_COPY __attribute__((target_clones("arch=x86-64-v3", "default")))
#else
#define HEALTHSITE_X86_64_V3_COPY
#endif
