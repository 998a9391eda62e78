// Loaded with `node --import` into the long-lived processes the bench starts (the emulator, the
// reference read): spawned with an IPC channel (tools/bench/child-processes.ts), such a process exits
// as soon as that channel closes, which is when the bench process ends in any way, even one that runs
// none of its own code (out of memory, SIGKILL).
if (process.channel) {
  process.on('disconnect', () => process.exit(0))
  // The channel alone does not keep the process alive (the emulator's server does).
  process.channel.unref()
}
