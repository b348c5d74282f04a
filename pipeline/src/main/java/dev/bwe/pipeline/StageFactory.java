package dev.bwe.pipeline;

import dev.bwe.pipeline.stage.Stage;
import dev.bwe.pipeline.stat.PipelineCounters;

/** Makes an extra stage that runs after parse, in parallel with estimate (the journal is one). */
@FunctionalInterface
public interface StageFactory {
    Stage create(PipelineCounters counters, int shard);
}
