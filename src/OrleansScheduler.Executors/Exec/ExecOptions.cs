namespace OrleansScheduler.Executors.Exec;

/// <summary>
/// What the program executor (task type <c>exec</c>) may run and how much of its output it keeps; bound from
/// configuration section <c>Scheduler:Exec</c>. With no <see cref="Commands"/> it refuses every task.
/// </summary>
public sealed class ExecOptions
{
    /// <summary>The configuration section these options are bound from.</summary>
    public const string Section = "Scheduler:Exec";

    /// <summary>
    /// The allow-list: each command a task may name, by name (<c>Scheduler:Exec:Commands:&lt;name&gt;</c>).
    /// Names are matched exactly and must be valid task type names. Default: none.
    /// </summary>
    public Dictionary<string, ExecCommandOptions> Commands { get; set; } = new(StringComparer.Ordinal);

    /// <summary>Exit codes that fail the task at once instead of being retried, for every command (each command may add its own). Default: none.</summary>
    public List<int> NonRetryableExitCodes { get; set; } = [];

    /// <summary>Output lines (stdout and stderr together) logged per attempt; the rest are counted in one last line. Default: 1000.</summary>
    public int MaxLogLines { get; set; } = 1000;

    /// <summary>Longest output line logged, in characters; longer lines are cut. Default: 4096.</summary>
    public int MaxLineLength { get; set; } = 4096;

    /// <summary>How many of the last bytes of stdout a successful attempt's result holds; 0 leaves stdout out. Default: 16384.</summary>
    public int ResultTailBytes { get; set; } = 16384;

    /// <summary>How long the program's process group has after SIGTERM before it is sent SIGKILL. Default: 5 s.</summary>
    public TimeSpan KillGracePeriod { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// Whether programs start with the silo's own environment beneath the configured and payload entries. Turn it
    /// off to keep the silo's variables (connection strings, keys) from the programs it runs. Default: true.
    /// </summary>
    public bool InheritEnvironment { get; set; } = true;
}
