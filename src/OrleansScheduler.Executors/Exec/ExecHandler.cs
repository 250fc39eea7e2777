using System.ComponentModel;
using System.Text.Encodings.Web;
using System.Text.Json;
using Microsoft.Extensions.Options;
using OrleansScheduler.Handlers;

namespace OrleansScheduler.Executors.Exec;

/// <summary>
/// The program executor (task type <c>exec</c>): runs a command the silo's configuration allow-lists by name, with
/// the payload's arguments as an argv list (never through a shell), in a process group of its own so a cancel,
/// a timeout or the program's own exit ends its grandchildren too. Output lines are logged with the task as they
/// come; exit 0 succeeds with the tail of stdout, other codes fail the attempt (or the task, for codes configured
/// as non-retryable).
/// </summary>
public sealed class ExecHandler(IOptions<ExecOptions> options) : ITaskHandler
{
    /// <summary>The task type this executor runs.</summary>
    public const string Type = "exec";

    /// <summary>How long the program has to exit after SIGKILL, and its output streams to end once its group is gone, before they are given up on.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromSeconds(2);

    /// <summary>Web defaults without HTML escaping, so a stdout full of '&lt;' or non-ASCII text is not swollen six-fold past the result limit.</summary>
    private static readonly JsonSerializerOptions ResultJson = new(JsonSerializerOptions.Web) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping };

    private readonly ExecOptions _options = options.Value;

    /// <inheritdoc />
    /// <exception cref="NonRetryableTaskException">The payload or its command is refused, or the program exited with a non-retryable code.</exception>
    /// <exception cref="ExecCommandFailedException">The program exited with a code other than 0 that is not configured as non-retryable.</exception>
    /// <exception cref="OperationCanceledException">The attempt's token fired; the program's group was ended first.</exception>
    public async Task<object?> HandleAsync(TaskContext context)
    {
        ArgumentNullException.ThrowIfNull(context);
        var request = ExecRequest.Resolve(context, _options);
        string path = request.Command.Path;
        // Retryable: another silo may have the program installed.
        if (!File.Exists(path)) throw new FileNotFoundException($"The program '{path}' of {request.Where} does not exist there.", path);
        context.CancellationToken.ThrowIfCancellationRequested();

        string? launcher = ProcessGroup.Launcher;
        using var group = StartOrThrow(request, launcher);
        ExecLog.Started(context.Logger, request.Name, group.Process.Id, launcher is null ? "process tree, no setsid" : "own process group via " + launcher);
        var log = new OutputLog(context.Logger, _options.MaxLogLines);
        using var abandon = new CancellationTokenSource();
        var stdout = new OutputPump(group.Process.StandardOutput, log, stderr: false, _options.MaxLineLength, _options.ResultTailBytes, abandon.Token);
        var stderr = new OutputPump(group.Process.StandardError, log, stderr: true, _options.MaxLineLength, 0, abandon.Token);
        var stdin = WriteStdinAsync(group.Process, request.Payload.Stdin, abandon.Token);

        bool stopped = false;
        try
        {
            await group.Process.WaitForExitAsync(context.CancellationToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (context.CancellationToken.IsCancellationRequested)
        {
            stopped = true;
        }
        // Stopped or exited on its own, nothing of its group may outlive the attempt.
        await group.EndAsync(_options.KillGracePeriod, context.Logger, request.Name).ConfigureAwait(false);
        await Bounded(group.Process.WaitForExitAsync(CancellationToken.None)).ConfigureAwait(false);
        // A process that left the group (a setsid of its own) may still hold the pipes: give up on them then.
        if (!await Bounded(Task.WhenAll(stdout.Completion, stderr.Completion, stdin)).ConfigureAwait(false)) await abandon.CancelAsync().ConfigureAwait(false);
        await Task.WhenAll(stdout.Completion, stderr.Completion, stdin).ConfigureAwait(false);
        log.Finish();

        if (stopped) throw new OperationCanceledException($"The attempt was stopped; {request.Where} was ended.", context.CancellationToken);
        int code = group.Process.ExitCode;
        if (code == 0) return JsonSerializer.SerializeToElement(new ExecResult(0, stdout.Tail()), ResultJson);
        string message = ExitDescription.Failure(request.Where, code, stderr.LastLine);
        if (request.NonRetryableExitCodes.Contains(code)) throw new NonRetryableTaskException(message + " The exit code is configured as non-retryable.");
        throw new ExecCommandFailedException(request.Name, code, message);
    }

    private ProcessGroup StartOrThrow(ExecRequest request, string? launcher)
    {
        try
        {
            return ProcessGroup.Start(request.StartInfo(launcher, _options), grouped: launcher is not null);
        }
        catch (Win32Exception e)
        {
            throw new InvalidOperationException($"{request.Where} could not start '{request.Command.Path}': {e.Message}", e);
        }
    }

    /// <summary>Writes the payload's stdin, if any, then closes it so the program sees its end; a program that exits without reading it is no error.</summary>
    private static async Task WriteStdinAsync(System.Diagnostics.Process process, string? text, CancellationToken abandon)
    {
        var writer = process.StandardInput;
        try
        {
            // Straight to the pipe, so nothing sits in the writer's buffer for its close to block on.
            if (!string.IsNullOrEmpty(text))
                await writer.BaseStream.WriteAsync(writer.Encoding.GetBytes(text), abandon).ConfigureAwait(false);
            writer.Close();
        }
        catch (Exception e) when (e is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // The program exited or closed its stdin first.
        }
    }

    /// <summary>Waits for <paramref name="task"/> up to <see cref="Settle"/>; true when it completed.</summary>
    private static async Task<bool> Bounded(Task task)
    {
        var done = await Task.WhenAny(task, Task.Delay(Settle)).ConfigureAwait(false);
        return done == task;
    }
}
