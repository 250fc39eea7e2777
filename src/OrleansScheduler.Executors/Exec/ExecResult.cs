using System.Text.Json.Serialization;

namespace OrleansScheduler.Executors.Exec;

/// <summary>The result of an <c>exec</c> task whose program exited 0: <c>{"exitCode": 0, "stdout": "…"}</c>.</summary>
/// <param name="ExitCode">The program's exit code (0).</param>
/// <param name="Stdout">The last <see cref="ExecOptions.ResultTailBytes"/> bytes of its stdout; absent when that is 0.</param>
public sealed record ExecResult(
    int ExitCode,
    [property: JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)] string? Stdout);
