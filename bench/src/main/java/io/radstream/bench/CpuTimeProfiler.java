package io.radstream.bench;

import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.IterationParams;
import org.openjdk.jmh.profile.InternalProfiler;
import org.openjdk.jmh.results.AggregationPolicy;
import org.openjdk.jmh.results.IterationResult;
import org.openjdk.jmh.results.Result;
import org.openjdk.jmh.results.ScalarResult;

import java.lang.management.ManagementFactory;
import java.util.List;

/**
 * CPU time of the benchmark JVM per operation ({@code -prof io.radstream.bench.CpuTimeProfiler}),
 * as a secondary result {@code cpu.ms/op}. Throughput is wall-clock: on this 2-core machine shared
 * with other builds (load average 5–12) it falls with the load, while CPU time per operation of a
 * single-threaded decode barely moves, so "MB/s per core" = decoded MB / CPU seconds per op is
 * the steadier figure. It counts every thread of the fork (JIT and GC too, small after warm-up).
 */
public final class CpuTimeProfiler implements InternalProfiler {
    private final com.sun.management.OperatingSystemMXBean os =
            (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    private long start;

    @Override
    public String getDescription() {
        return "process CPU time per operation";
    }

    @Override
    public void beforeIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams) {
        start = os.getProcessCpuTime();
    }

    @Override
    public List<? extends Result> afterIteration(BenchmarkParams benchmarkParams, IterationParams iterationParams,
                                                 IterationResult result) {
        long cpu = os.getProcessCpuTime() - start;
        long ops = result.getMetadata().getAllOps();
        if (ops <= 0 || cpu <= 0) return List.of();
        return List.of(new ScalarResult("cpu.ms/op", cpu / 1e6 / ops, "ms/op", AggregationPolicy.AVG));
    }
}
