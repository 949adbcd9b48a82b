#!/usr/bin/env bash
# A real Slurm test of pipelines/slurm: starts a single-node cluster on
# localhost (munged, slurmctld, slurmd, all private to a temporary directory),
# runs the paper's study once with plain `make paper` and once through
# submit.sh (prep job, job array, dependent aggregation job), and checks that
# every artifact is byte-identical.
#
# usage: pipelines/slurm/test.sh [VAR=value ...]
#
#   VAR=value   variables of pipelines/paper/Makefile for both runs, e.g.
#               HIDDEN="16 64" REPLICAS="0 1" EPOCHS=3 for a smaller study
#
# Environment:
#   TIMEOUT=1800    seconds to wait for the Slurm jobs
#   PREEMPT=1       while a training task runs, requeue it (scontrol requeue,
#                   as preemption does) and send another the time-limit
#                   warning (SIGUSR1 to its batch script); both must resume
#   KEEP=1          keep the temporary directory (it is kept on failure)
#
# Needs root and Debian's slurm-wlm and munge (apt-get install slurm-wlm
# munge); installs nothing. The system's own munge and Slurm configuration
# are not used or touched.
set -euo pipefail

here=$(cd "$(dirname "$0")" && pwd)
root=$(cd "$here/../.." && pwd)
unset MAKEFLAGS MFLAGS MAKELEVEL MAKEOVERRIDES
PATH=$PATH:/usr/sbin:/sbin
TIMEOUT=${TIMEOUT:-1800}
vars=("$@")

say() { echo "test-slurm: $*"; }
fail() {
  echo "test-slurm: FAIL: $*" >&2
  exit 1
}

missing=()
for c in munged mungekey slurmctld slurmd sbatch squeue scontrol sinfo scancel; do
  command -v "$c" >/dev/null || missing+=("$c")
done
[ ${#missing[@]} -eq 0 ] ||
  fail "Slurm or munge is not installed (missing: ${missing[*]}); on Debian: apt-get install slurm-wlm munge"
[ "$(id -u)" -eq 0 ] || fail "must run as root (slurmd starts jobs as their user)"

tmp=$(mktemp -d "${TMPDIR:-/tmp}/rbmkit-slurm.XXXXXX")
chmod 755 "$tmp" # munged wants its socket's directories searchable by all
mkdir -m 700 "$tmp/key" "$tmp/state" "$tmp/spool"
mkdir -m 755 "$tmp/run" "$tmp/log"
export SLURM_CONF=$tmp/slurm.conf
pids=() jobs=() ok=0

cleanup() {
  set +e
  if [ ${#jobs[@]} -gt 0 ] && [ -S "$tmp/run/munge.socket" ]; then
    scancel "${jobs[@]}" 2>/dev/null
    for _ in $(seq 60); do
      [ -z "$(squeue -h -j "$(IFS=,; echo "${jobs[*]}")" 2>/dev/null)" ] && break
      sleep 1
    done
  fi
  for ((i = ${#pids[@]} - 1; i >= 0; i--)); do kill "${pids[i]}" 2>/dev/null; done
  for p in "${pids[@]}"; do wait "$p" 2>/dev/null; done
  if [ "$ok" = 1 ] && [ "${KEEP:-0}" = 0 ]; then
    rm -rf "$tmp"
  else
    echo "test-slurm: kept $tmp (slurm.conf, log/, logs of the jobs in slurm-logs/)" >&2
  fi
}
trap cleanup EXIT
trap 'exit 130' INT TERM

show_logs() {
  for f in "$tmp"/log/*.log "$tmp"/slurm-logs/*; do
    [ -f "$f" ] || continue
    echo "--- $f (last lines)" >&2
    tail -n 15 "$f" >&2
  done
}

# Two free ports on loopback for slurmctld and slurmd.
free_port() {
  local p
  for _ in $(seq 50); do
    p=$((20000 + RANDOM % 20000))
    if ! (exec 3<>"/dev/tcp/127.0.0.1/$p") 2>/dev/null; then
      echo "$p"
      return
    fi
  done
  fail "no free port on 127.0.0.1"
}
ctld_port=$(free_port)
slurmd_port=$(free_port)
[ "$ctld_port" != "$slurmd_port" ] || slurmd_port=$((ctld_port + 1))

# The node as slurmd sees it (CPUs, sockets, cores, RealMemory), under the
# machine's short hostname, which slurmctld checks against SlurmctldHost.
host=$(hostname -s)
node=$(slurmd -C | grep '^NodeName=' | sed "s/^NodeName=[^ ]*/NodeName=$host/")
[ -n "$node" ] || fail "slurmd -C printed no NodeName line"

cat >"$SLURM_CONF" <<EOF
# Single-node test cluster of pipelines/slurm/test.sh (written $(date -u +%FT%TZ)).
ClusterName=rbmkit-test
SlurmctldHost=$host(127.0.0.1)
SlurmUser=root
SlurmdUser=root
SlurmctldPort=$ctld_port
SlurmdPort=$slurmd_port
AuthType=auth/munge
CredType=cred/munge
AuthInfo=socket=$tmp/run/munge.socket
StateSaveLocation=$tmp/state
SlurmdSpoolDir=$tmp/spool
SlurmctldPidFile=$tmp/run/slurmctld.pid
SlurmdPidFile=$tmp/run/slurmd.pid
SlurmctldLogFile=$tmp/log/slurmctld.log
SlurmdLogFile=$tmp/log/slurmd.log
SlurmctldDebug=info
SlurmdDebug=info
ProctrackType=proctrack/linuxproc
TaskPlugin=task/none
SelectType=select/cons_tres
SelectTypeParameters=CR_CPU
SchedulerType=sched/backfill
SchedulerParameters=sched_interval=2,bf_interval=2
AccountingStorageType=accounting_storage/none
JobAcctGatherType=jobacct_gather/none
JobCompType=jobcomp/none
MpiDefault=none
MailProg=/bin/true
ReturnToService=2
JobRequeue=1
KillWait=60
MinJobAge=86400
$node NodeAddr=127.0.0.1 State=UNKNOWN
PartitionName=test Nodes=$host Default=YES MaxTime=INFINITE State=UP
EOF

say "starting munged, slurmctld and slurmd in $tmp"
mungekey --create --keyfile="$tmp/key/munge.key"
munged --foreground --key-file="$tmp/key/munge.key" --socket="$tmp/run/munge.socket" \
  --pid-file="$tmp/run/munged.pid" --log-file="$tmp/log/munged.log" \
  --seed-file="$tmp/key/munged.seed" >"$tmp/log/munged.out" 2>&1 &
pids+=($!)
for _ in $(seq 50); do [ -S "$tmp/run/munge.socket" ] && break; sleep 0.2; done
[ -S "$tmp/run/munge.socket" ] || { cat "$tmp/log/munged.out" >&2; fail "munged did not start"; }

slurmctld -D -f "$SLURM_CONF" >"$tmp/log/slurmctld.out" 2>&1 &
pids+=($!)
slurmd -D -f "$SLURM_CONF" -N "$host" >"$tmp/log/slurmd.out" 2>&1 &
pids+=($!)
state=
for _ in $(seq 120); do
  state=$(sinfo -h -N -n "$host" -o %t 2>/dev/null || true)
  [ "$state" = idle ] && break
  sleep 0.5
done
[ "$state" = idle ] || { show_logs; fail "the node did not become idle (state '$state')"; }
say "node $host idle: $(sinfo -h -N -o '%c CPUs, %m MB')"

# Both runs write to the same OUT path, one after the other: the artifacts'
# provenance records the tools' file arguments, so only runs with the same
# OUT string can be byte-identical.
out=$tmp/out
say "building the tools"
make -s -C "$root" build

say "run 1: make paper OUT=$out ${vars[*]}"
t0=$(date +%s)
if ! make -C "$root" paper OUT="$out" "${vars[@]}" >"$tmp/make.log" 2>&1; then
  tail -n 30 "$tmp/make.log" >&2
  fail "make paper failed (log: $tmp/make.log)"
fi
t1=$(date +%s)
mv "$out" "$tmp/out-make"
say "make paper took $((t1 - t0)) s"

say "run 2: pipelines/slurm/submit.sh OUT=$out ${vars[*]}"
# One CPU per training task, so that two tasks share the node as make -j2
# runs two trainings at once.
ids=$(LOGS=$tmp/slurm-logs BUILD=0 RUN_OPTS=--cpus-per-task=1 "$here/submit.sh" OUT="$out" "${vars[@]}") ||
  fail "submit.sh failed"
read -r prep runs all <<<"$ids"
jobs=("$prep" "$runs" "$all")
joblist=$(IFS=,; echo "${jobs[*]}")

# While a training task runs: requeue it as preemption would, and give
# another the time-limit warning. Both must resume from their snapshots.
preempted=() warned=() stopped=()
if [ "${PREEMPT:-0}" != 0 ]; then
  read -r -a hidden <<<"$(make -s --no-print-directory -C "$root/pipelines/paper" OUT="$out" "${vars[@]}" print-HIDDEN)"
  read -r -a replicas <<<"$(make -s --no-print-directory -C "$root/pipelines/paper" OUT="$out" "${vars[@]}" print-REPLICAS)"
fi
preempt() {
  local task id dir
  while read -r task id; do
    [ ${#warned[@]} -eq 0 ] || return 0
    [ "$id" != "${preempted[0]:-}" ] || continue
    dir=$out/m${hidden[task / ${#replicas[@]}]}/r${replicas[task % ${#replicas[@]}]}
    # Training, with an epoch done: rbm-train logs one line per epoch.
    [ ! -e "$dir/run.arrows" ] && grep -q 'epoch [1-9]' "$dir/train.log" 2>/dev/null || continue
    if [ ${#preempted[@]} -eq 0 ]; then
      say "requeueing array task $id mid-training ($(tail -n 1 "$dir/train.log"))"
      scontrol requeue "$id" && preempted+=("$id") && stopped+=("$dir")
    else
      say "time-limit warning (SIGUSR1 to the batch script) to array task $id ($(tail -n 1 "$dir/train.log"))"
      scancel --batch --signal=USR1 "$id" && warned+=("$id") && stopped+=("$dir")
    fi
    return 0
  done < <(squeue -h -r -j "$runs" -t RUNNING -o '%K %i')
  # Slurm holds a requeued job for a while (BeginTime) before it may start
  # again; the test does not wait for that.
  squeue -h -r -j "$runs" -t PENDING -o '%i %r' | while read -r id reason; do
    [ "$reason" != BeginTime ] || scontrol update JobId="$id" StartTime=now || true
  done
}

t0=$(date +%s)
while :; do
  [ $(($(date +%s) - t0)) -lt "$TIMEOUT" ] || { show_logs; fail "the jobs did not finish within $TIMEOUT s"; }
  # An error of squeue (the controller busy) is not an empty queue.
  if queue=$(squeue -h -j "$joblist" -o %i 2>/dev/null); then
    [ -n "$queue" ] || break
  fi
  [ "${PREEMPT:-0}" = 0 ] || preempt
  sleep 2
done
t1=$(date +%s)
say "Slurm run took $((t1 - t0)) s"

# Every job and array task completed.
bad=$(for j in "${jobs[@]}"; do scontrol -o show job "$j"; done |
  grep -v 'JobState=COMPLETED' | grep -o 'JobId=[0-9]* .*JobState=[A-Z_]*' | sed 's/ .*JobState=/ /' || true)
[ -z "$bad" ] || { show_logs; fail "jobs that did not complete: $bad"; }
if [ "${PREEMPT:-0}" != 0 ]; then
  [ ${#preempted[@]} -gt 0 ] && [ ${#warned[@]} -gt 0 ] ||
    fail "PREEMPT=1 but no task was preempted (${#preempted[@]}) or warned (${#warned[@]}): training too short to catch"
  for j in "${preempted[@]}" "${warned[@]}"; do
    n=$(scontrol -o show job "$j" | grep -o 'Restarts=[0-9]*' | cut -d= -f2)
    [ "${n:-0}" -ge 1 ] || fail "job $j was interrupted but not restarted (Restarts=${n:-?})"
    say "job $j: restarted $n time(s), completed"
  done
  for d in "${stopped[@]}"; do
    grep -q 'interrupted: wrote a final snapshot' "$d/train.log" ||
      fail "$d/train.log: rbm-train did not write a final snapshot when stopped"
    grep -q "^$d: resuming from" "$tmp"/slurm-logs/rbm-run-* ||
      fail "$d: no job log says that training resumed"
    say "$d: stopped with a final snapshot, resumed ($(grep -c 'epoch [0-9]*/' "$d/train.log") epoch lines in train.log)"
  done
fi

# The same artifacts, byte for byte, the reports included (rbm-report
# writes no date and no path outside the study).
(cd "$tmp/out-make" && find . -type f ! -name '*.log' | sort) >"$tmp/files-make"
(cd "$out" && find . -type f ! -name '*.log' | sort) >"$tmp/files-slurm"
diff "$tmp/files-make" "$tmp/files-slurm" >&2 || fail "the two runs made different sets of files (< make, > Slurm)"
for r in REPORT.md report.html; do
  grep -q "^\./$r\$" "$tmp/files-make" || fail "no $r"
done
n=0 differ=()
while read -r f; do
  cmp -s "$tmp/out-make/$f" "$out/$f" || differ+=("$f")
  n=$((n + 1))
done <"$tmp/files-make"
[ ${#differ[@]} -eq 0 ] || fail "${#differ[@]} of $n artifacts differ between make and Slurm: ${differ[*]}"
kinds=$(sed -E 's/.*\.//' "$tmp/files-make" | sort | uniq -c | awk '{printf "%s%d .%s", sep, $1, $2; sep=", "}')
say "ok: $n artifacts byte-identical between make and Slurm ($kinds)"
ok=1
