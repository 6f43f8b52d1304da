#!/usr/bin/env bash
# Builds testdata/compat/release-1.focal with a released focal binary, so the
# tests can check that a project written by that release opens in this one
# and loses nothing. Usage: make-release-project.sh FOCAL OUTDIR
# The binary used for the committed file was built from commit dcb692b (the
# release before the application core). Each step is one user action, chosen
# to write as many kinds of event as that release has.
set -euo pipefail
F=$1
out=$2
here=$(cd "$(dirname "$0")" && pwd)
work=$(mktemp -d)
cd "$work"
cp "$here/fg-compat.txt" fg01.txt
export FOCAL_PROJECT="$work/release-1.focal"
$F init "$FOCAL_PROJECT" --title "Compatibility: belonging in residency"
$F import fg01.txt --group North
$F speaker role "Dana Reyes" moderator --source fg01
$F participant link "Zoe Lindqvist" --source fg01 P01
$F participant link "Malik Johnson" --source fg01 P02
$F participant set P01 pgy=2 site=North
$F coder add amara --role pi
$F coder add ben
$F coder add carl
$F code add belonging/isolation --as amara
$F code describe belonging/isolation --definition "Being alone or unseen in training" --as amara
$F coding add --as ben --source fg01 --code belonging/isolation --quote "The nights at St. Anne's are lonely."
$F coding add --as ben --source fg01 --code belonging/isolation --quote "I was the only one on the ward."
$F coding add --as carl --source fg01 --code belonging/isolation --quote "The nights at St. Anne's are lonely. I was the only one on the ward."
$F coding add --as carl --source fg01 --code belonging/isolation --quote "I was the only one on the ward."
$F coding add --as ben --source fg01 --code mentorship --quote "Real mentors, not a poster in the hallway." --memo "ben: mentorship as remedy"
$F coding add --as carl --source fg01 --code mentors --quote "Real mentors, not a poster in the hallway."
$F coding add --as carl --source fg01 --code belonging/invited --quote "a senior resident invited me to lunch"
$F coding add --as ben --source fg01 --code unseen --quote "Nobody asked how I was doing."
$F undo --as ben
$F coding add --as ben --source fg01 --code belonging/unseen --quote "Nobody asked how I was doing."
$F memo add --as ben --code belonging/isolation --title "Isolation" --text "Nights and wards."
$F codebook freeze v1 --as amara
$F code merge mentors mentorship --as amara
$F code rename belonging/unseen not-seen --as amara
$F theme add "Carrying it alone" --as amara
$F theme assign "Carrying it alone" belonging/isolation belonging/not-seen --as amara
$F theme describe "Carrying it alone" --definition "Residents carry the first months alone" --as amara
$F source done fg01 --as ben
$F source done fg01 --as carl
$F blind off --as amara
$F consensus seed --as amara --source fg01 --coders ben,carl
place=$($F consensus next --as amara --source fg01 --coders ben,carl --json | /usr/bin/python3 -c 'import json,sys; p=json.load(sys.stdin); print("%s %d-%d" % (p[0]["code"], p[0]["start"], p[0]["end"]) if p else "")')
if [ -n "$place" ]; then
	$F consensus resolve --as amara --source fg01 --coders ben,carl --code "${place% *}" --place "${place#* }" both
fi
$F consensus complete fg01 --as amara --force
$F deid scan --as amara
$F deid accept --all --as amara
$F participant set-pseudonym P02 P07 --as amara
$F source rename fg01 fg01-north --as amara
cp "$FOCAL_PROJECT" "$out/release-1.focal"
chmod 600 "$out/release-1.focal"
# What that release itself says about the project, for the test to compare.
$F coding list --as amara --json > "$out/release-1.codings.json"
$F log --json > "$out/release-1.log.json"
$F consensus list fg01-north --json > "$out/release-1.consensus.json"
rm -rf "$work"
