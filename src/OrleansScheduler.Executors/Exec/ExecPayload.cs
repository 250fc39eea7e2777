using System.Text.Json.Serialization;

namespace OrleansScheduler.Executors.Exec;

/// <summary>
/// What an <c>exec</c> task's payload holds. An unknown property is refused rather than ignored, so a typo
/// (<c>"arg"</c>) fails the task instead of running the program without it.
/// </summary>
[JsonUnmappedMemberHandling(JsonUnmappedMemberHandling.Disallow)]
internal sealed record ExecPayload
{
    /// <summary>The allow-listed command's name.</summary>
    public string? Command { get; init; }

    /// <summary>Arguments after the command's configured ones, passed as they are (no shell).</summary>
    public List<string?>? Args { get; init; }

    /// <summary>Environment entries to add.</summary>
    public Dictionary<string, string?>? Env { get; init; }

    /// <summary>An existing absolute directory to run in; the silo's current directory when absent.</summary>
    public string? WorkingDir { get; init; }

    /// <summary>Text written to the program's stdin, which is then closed.</summary>
    public string? Stdin { get; init; }
}
