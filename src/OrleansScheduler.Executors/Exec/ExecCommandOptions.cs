namespace OrleansScheduler.Executors.Exec;

/// <summary>One allow-listed command: <c>Scheduler:Exec:Commands:&lt;name&gt;</c>.</summary>
public sealed class ExecCommandOptions
{
    /// <summary>The program's absolute path (<c>…:Path</c>). Required.</summary>
    public string Path { get; set; } = "";

    /// <summary>Leading arguments, always passed before the payload's <c>args</c> (<c>…:Args</c>). Default: none.</summary>
    public List<string> Args { get; set; } = [];

    /// <summary>Exit codes of this command that fail the task at once, added to <see cref="ExecOptions.NonRetryableExitCodes"/>. Default: none.</summary>
    public List<int> NonRetryableExitCodes { get; set; } = [];

    /// <summary>
    /// Environment entries the program always gets (<c>…:Env:&lt;NAME&gt;</c>); a payload's <c>env</c> may add
    /// entries but not override these. The values are never logged. Default: none.
    /// </summary>
    public Dictionary<string, string> Env { get; set; } = new(StringComparer.Ordinal);
}
