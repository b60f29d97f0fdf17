"""The datatrove side of the curation benchmark: a script run in datatrove's own venv.

Same steps as ours on the same slice: Gopher quality + repetition, C4, FineWeb, PII
(datatrove's PIIFormatter: emails and IPs only), MinHash (its 4 stages), JSONL writer.
Language id is left out on both sides: datatrove's needs a fastText model download.
"""

SCRIPT = r'''
import sys, time, json
from datatrove.executor import LocalPipelineExecutor
from datatrove.pipeline.readers import JsonlReader
from datatrove.pipeline.filters import GopherQualityFilter, GopherRepetitionFilter, C4QualityFilter, FineWebQualityFilter
from datatrove.pipeline.formatters import PIIFormatter
from datatrove.pipeline.dedup import MinhashDedupSignature, MinhashDedupBuckets, MinhashDedupCluster, MinhashDedupFilter
from datatrove.pipeline.dedup.minhash import MinhashConfig
from datatrove.pipeline.writers import JsonlWriter



def main():
    src, work, tasks = sys.argv[1], sys.argv[2], int(sys.argv[3])
    cfg = MinhashConfig(n_grams=5, num_buckets=14, hashes_per_bucket=8)
    t0 = time.time()
    LocalPipelineExecutor(pipeline=[
        JsonlReader(src, glob_pattern="*.jsonl"),
        GopherQualityFilter(), GopherRepetitionFilter(), C4QualityFilter(), FineWebQualityFilter(),
        PIIFormatter(),
        JsonlWriter(f"{work}/filtered"),
        MinhashDedupSignature(output_folder=f"{work}/sigs", config=cfg),
    ], tasks=tasks, workers=tasks, logging_dir=f"{work}/logs/1").run()
    t1 = time.time()
    LocalPipelineExecutor(pipeline=[MinhashDedupBuckets(input_folder=f"{work}/sigs", output_folder=f"{work}/buckets", config=cfg)],
                          tasks=cfg.num_buckets, workers=tasks, logging_dir=f"{work}/logs/2").run()
    LocalPipelineExecutor(pipeline=[MinhashDedupCluster(input_folder=f"{work}/buckets", output_folder=f"{work}/remove_ids", config=cfg)],
                          tasks=1, logging_dir=f"{work}/logs/3").run()
    LocalPipelineExecutor(pipeline=[
        JsonlReader(f"{work}/filtered"),
        MinhashDedupFilter(input_folder=f"{work}/remove_ids", exclusion_writer=JsonlWriter(f"{work}/removed")),
        JsonlWriter(f"{work}/out"),
    ], tasks=tasks, workers=tasks, logging_dir=f"{work}/logs/4").run()
    t2 = time.time()
    print(json.dumps({"filters_and_signatures_s": t1 - t0, "total_s": t2 - t0}))


if __name__ == "__main__":  # datatrove's workers start by forkserver
    main()
'''
