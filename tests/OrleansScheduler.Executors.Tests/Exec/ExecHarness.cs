using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansScheduler.Executors.Exec;
using OrleansScheduler.Handlers;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Executors.Tests.Exec;

/// <summary>
/// Runs the exec handler on real processes: scripts written to a temp directory of the test's own, run through a
/// command <c>sh</c> configured as /bin/sh, with an attempt context built directly and a logger that records.
/// </summary>
public sealed class ExecHarness : IDisposable
{
    /// <summary>The silo id the contexts carry.</summary>
    public const string SiloId = "silo-test";

    /// <summary>A directory of the test's own, deleted at the end.</summary>
    public string Dir { get; } = Directory.CreateTempSubdirectory("exec-test-").FullName;

    /// <summary>The options the handler runs with: command <c>sh</c> and a short grace period.</summary>
    public ExecOptions Options { get; } = new()
    {
        KillGracePeriod = TimeSpan.FromMilliseconds(500),
        Commands = { ["sh"] = new ExecCommandOptions { Path = "/bin/sh" } },
    };

    /// <summary>What the last run logged.</summary>
    public RecordingLogger Logger { get; private set; } = new();

    /// <summary>Writes <paramref name="body"/> as a script in <see cref="Dir"/> and returns its path.</summary>
    public string Script(string body, string name = "script.sh")
    {
        string path = Path.Combine(Dir, name);
        File.WriteAllText(path, body.ReplaceLineEndings("\n"));
        return path;
    }

    /// <summary>A payload that runs <paramref name="script"/> through command <c>sh</c> with <paramref name="args"/> after it.</summary>
    public static string ShPayload(string script, params string[] args) =>
        JsonSerializer.Serialize(new { command = "sh", args = new[] { script }.Concat(args) });

    /// <summary>Runs one attempt of an exec task with <paramref name="payload"/>.</summary>
    public Task<object?> RunAsync(string payload, CancellationToken cancellationToken = default)
    {
        Logger = new RecordingLogger();
        var task = new ClaimedTask("exec-" + Guid.NewGuid().ToString("N")[..8], "default", ExecHandler.Type, payload, 1, 3, 1,
            TimeSpan.FromMinutes(1), DateTimeOffset.UtcNow.AddMinutes(1));
        var context = new TaskContext(task, SiloId, cancellationToken, Logger, (_, _) => Task.CompletedTask);
        return new ExecHandler(Microsoft.Extensions.Options.Options.Create(Options)).HandleAsync(context);
    }

    /// <summary>The result of a successful run as JSON.</summary>
    public static JsonElement Json(object? result) => Assert.IsType<JsonElement>(result);

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Dir, recursive: true);
        }
        catch (IOException)
        {
            // A process the test failed to end may still hold it; the temp directory is cleaned up eventually.
        }
    }
}
