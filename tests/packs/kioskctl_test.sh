#!/usr/bin/env bash
# kioskctl's command-line contract (ARCHITECTURE.md): what staff and publishers type, the exit
# status and the message. Usage: kioskctl_test.sh KIOSKCTL
set -uo pipefail
ctl=$1
source "$(dirname "$0")/../support/cli_checks.sh"

run 1 "$ctl" pack frobnicate
run 1 "$ctl" key generate
check "usage names the missing option" grep -q -- "--out" err
run 0 "$ctl" key generate --out bureau
check "both key files written" test -s bureau.pub -a -s bureau.key
run 2 "$ctl" key generate --out bureau
check "an existing key is never overwritten" grep -q "already exists" err
mkdir trust && cp bureau.pub trust/

mkdir -p src/videos
printf '{"id": "demo", "version": 1, "expires": "2099-12-31", "publisher": "Bureau"}' >src/pack.json
echo "hello" >src/videos/hello.txt
run 0 "$ctl" pack build src --key bureau.key --out demo-1.kpack
run 0 "$ctl" pack verify demo-1.kpack --trust trust
check "verify says who published it" grep -q "Bureau" out
run 0 "$ctl" pack install demo-1.kpack --content store --trust trust
run 2 "$ctl" pack install demo-1.kpack --content store --trust trust
check "a reinstall says why it is refused" grep -q "not newer" err
run 0 "$ctl" pack list --content store
check "list shows the pack" grep -q "^demo" out
run 2 "$ctl" pack rollback demo --content store
check "no earlier version: said so" grep -q "no earlier version" err

printf '{"id": "Bad Id", "version": 0, "expires": "soon"}' >src/pack.json
ln -s /etc/passwd src/passwd
run 2 "$ctl" pack build src --key bureau.key --out bad.kpack
check "build lists every problem: id" grep -q "pack.json: id" err
check "build lists every problem: version" grep -q "pack.json: version" err
check "build lists every problem: link" grep -q "passwd: is a link" err
check "nothing written for a bad source" test ! -e bad.kpack

head -c 300 demo-1.kpack >cut.kpack
run 2 "$ctl" pack verify cut.kpack --trust trust
check "a damaged pack names itself" grep -q "cut.kpack" err

finish kioskctl
