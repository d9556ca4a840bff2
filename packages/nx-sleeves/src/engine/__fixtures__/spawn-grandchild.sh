#!/bin/sh
# An external command that starts a background grandchild, records its pid, then hangs.
sleep 300 &
echo $! > "$1/grandchild.pid"
echo "started grandchild $!"
sleep 300
