#!/usr/bin/env bash
# The test media of the playback, player and pack-build tests, made with ffmpeg the way the field
# makes such files (no media in git). Usage: make_test_media.sh OUT_DIR
set -euo pipefail
out=$1
mkdir -p "$out"
cd "$out"
ff() { ffmpeg -v error -y -nostdin "$@"; }

# Non-square pixels: 720x576 pictures meant to be shown at 16:9 (sample aspect 64:45), as PAL DVDs
# and many cameras make them; an H.264 MP4 and a DVD's MPEG-2 program stream with AC-3 sound.
# One flat colour, so that a test can find the picture's edges on the screen.
ff -f lavfi -i "color=c=0xE08020:s=720x576:r=25:d=3" -vf setsar=64/45 -c:v libx264 \
  -preset ultrafast -pix_fmt yuv420p anamorphic.mp4
ff -f lavfi -i "color=c=0xE08020:s=720x576:r=25:d=3" -f lavfi -i "sine=f=440:d=3" \
  -c:v mpeg2video -aspect 16:9 -b:v 2M -c:a ac3 -b:a 192k -f dvd dvd.mpg

# Ten seconds in ten colours, one a second, with a single key frame at the start: a picture shown
# after a seek is the one at the new time only when it is decoded up to that time.
inputs=() chain=""
colours=(red lime blue yellow cyan magenta white orange purple gray)
for i in "${!colours[@]}"; do
  inputs+=(-f lavfi -i "color=c=${colours[$i]}:s=320x240:r=25:d=1")
  chain+="[$i:v]"
done
ff "${inputs[@]}" -filter_complex "${chain}concat=n=${#colours[@]}:v=1:a=0" -c:v libx264 \
  -preset ultrafast -x264-params keyint=250:scenecut=0 -pix_fmt yuv420p colours.mp4

# Not videos, though named like them or given as them: sound (an MP3, and one with a cover
# picture, as music shops sell them), and a photo.
ff -f lavfi -i "sine=f=440:d=20" -c:a libmp3lame -b:a 64k song.mp3
ff -f lavfi -i "color=c=red:s=320x240:d=1" -frames:v 1 photo.jpg
# Sound in an MPEG program stream (as a DVD's or a VCD's): a header that lists no streams.
ff -f lavfi -i "sine=f=440:d=20" -c:a mp2 -b:a 128k -f dvd sound.mpg
ff -i song.mp3 -i photo.jpg -map 0 -map 1 -c copy -id3v2_version 3 -disposition:v attached_pic \
  song-with-cover.mp3
