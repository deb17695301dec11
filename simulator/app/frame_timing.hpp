// --timing: when the first frame was shown, then frames drawn, CPU time and peak memory at exit
// (stderr), for tests/bench/sim_bench.sh.
#pragma once

#include <chrono>
#include <cmath>
#include <iostream>
#include <sys/resource.h>

namespace maillab::sim {

class FrameTiming {
  public:
    explicit FrameTiming(bool on) : on_(on) {}
    FrameTiming(const FrameTiming&) = delete;
    FrameTiming& operator=(const FrameTiming&) = delete;
    ~FrameTiming() {
        if (!on_)
            return;
        rusage usage{};
        getrusage(RUSAGE_SELF, &usage);
        const double cpu_ms =
            static_cast<double>(usage.ru_utime.tv_sec + usage.ru_stime.tv_sec) * 1e3 +
            static_cast<double>(usage.ru_utime.tv_usec + usage.ru_stime.tv_usec) / 1e3;
        std::cerr << "maillab-sim timing: frames " << frames_ << " cpu-ms " << std::lround(cpu_ms)
                  << " max-rss-kib " << usage.ru_maxrss << std::endl;
    }

    void frame_shown() {
        if (on_ && frames_++ == 0)
            std::cerr << "maillab-sim timing: first-frame-ms "
                      << std::chrono::duration_cast<std::chrono::milliseconds>(
                             std::chrono::steady_clock::now() - process_start())
                             .count()
                      << std::endl;
    }

    // Set once, as early as possible (main's first line).
    static std::chrono::steady_clock::time_point process_start() {
        static const auto start = std::chrono::steady_clock::now();
        return start;
    }

  private:
    bool on_;
    long frames_ = 0;
};

} // namespace maillab::sim
