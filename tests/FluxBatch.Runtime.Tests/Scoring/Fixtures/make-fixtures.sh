#!/usr/bin/env bash
# Made once with ImageMagick 6.9 and DejaVu Sans Bold (Debian: imagemagick, fonts-dejavu-core); the PNGs are
# committed, so the tests need neither. Text sizes are ImageMagick point sizes at 72 dpi, i.e. pixels of em height.
set -euo pipefail
cd "$(dirname "$0")"
paper='#f0e6d2'; ink='#202020'
for size in 40 20 12 8 6; do
  convert -size 1024x256 xc:"$paper" -font DejaVu-Sans-Bold -pointsize "$size" -fill "$ink" -gravity center \
    -annotate 0 'LIVE AT THE ROUNDHOUSE' -depth 8 -colors 16 "headline-${size}px.png"
done
# Two strings at two sizes on a coloured ground: a poster's band name and headline.
convert -size 768x512 gradient:'#1d3557-#457b9d' -font DejaVu-Sans-Bold -fill '#f1faee' -gravity north \
  -pointsize 56 -annotate +0+90 'NIGHT OWLS' -pointsize 28 -annotate +0+330 'LIVE AT THE ROUNDHOUSE' \
  -depth 8 -colors 32 poster-two-strings.png
convert headline-20px.png -quality 85 headline-20px.jpg
# No text at all: a smooth gradient.
convert -size 512x512 gradient:'#336699-#ffcc00' -depth 8 -colors 64 no-text.png
