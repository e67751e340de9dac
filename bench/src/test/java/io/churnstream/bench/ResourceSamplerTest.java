package io.churnstream.bench;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import org.junit.jupiter.api.Test;

class ResourceSamplerTest {

    private static final String STATUS = "Name:\tjava\nVmPeak:\t 9000 kB\nVmHWM:\t  204800 kB\nVmRSS:\t  102400 kB\nThreads:\t30\n";

    @Test
    void aSampleReadsResidentSizeHighWaterMarkAndCpuTicksEvenWhenTheCommandHasParentheses() {
        String stat = "4242 (java (main) x) S 1 4242 4242 0 -1 4194560 100 0 0 0 250 50 0 0 20 0 30 0 100 0";
        ResourceSampler.Sample s = ResourceSampler.parse(400, STATUS, stat);
        assertThat(s).isEqualTo(new ResourceSampler.Sample(400, 102_400, 204_800, 300));
    }

    @Test
    void aZombieWithoutMemoryLinesGivesNoSample() {
        assertThat(ResourceSampler.parse(0, "Name:\tjava\nState:\tZ (zombie)\n", "1 (java) Z 1 1 1 0 -1 0 0 0 0 0 5 5 0 0")).isNull();
    }

    @Test
    void usageGivesThePeakAndTheLargestResidentSizeOfEachHalfOfTheRun() {
        ResourceSampler.Usage u = ResourceSampler.summarize(List.of(
                new ResourceSampler.Sample(0, 10_240, 10_240, 10),
                new ResourceSampler.Sample(500, 51_200, 51_200, 60),
                new ResourceSampler.Sample(600, 40_960, 61_440, 80),
                new ResourceSampler.Sample(1000, 30_720, 61_440, 150)));
        assertThat(u).isEqualTo(new ResourceSampler.Usage(60.0, 50.0, 40.0, 1.5, 4));
    }

    @Test
    void noSamplesGiveNoFigures() {
        assertThat(ResourceSampler.summarize(List.of())).isEqualTo(ResourceSampler.Usage.NONE);
    }

    @Test
    void aLiveProcessIsSampled() throws Exception {
        try (ResourceSampler sampler = ResourceSampler.watch(ProcessHandle.current().pid())) {
            Thread.sleep(450);
            ResourceSampler.Usage u = sampler.usage();
            assertThat(u.samples()).isGreaterThanOrEqualTo(2);
            assertThat(u.peakMb()).isPositive();
            assertThat(u.cpuSeconds()).isPositive();
        }
    }
}
