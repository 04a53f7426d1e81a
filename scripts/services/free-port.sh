#!/usr/bin/env bash
# Prints a free TCP port on 127.0.0.1 (the kernel picks it; it is free again the moment this exits).
set -euo pipefail
node -e 'const s=require("net").createServer();s.listen(0,"127.0.0.1",()=>{console.log(s.address().port);s.close()})'
