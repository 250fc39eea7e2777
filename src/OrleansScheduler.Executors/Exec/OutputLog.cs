using Microsoft.Extensions.Logging;

namespace OrleansScheduler.Executors.Exec;

/// <summary>Logs one attempt's output lines, stdout at Information and stderr at Warning, up to a cap shared by both streams.</summary>
internal sealed class OutputLog(ILogger logger, int maxLines)
{
    private int _lines;
    private int _dropped;

    /// <summary>Logs <paramref name="line"/>, or counts it once the cap is reached.</summary>
    public void Write(string line, bool stderr)
    {
        if (Interlocked.Increment(ref _lines) > maxLines)
        {
            Interlocked.Increment(ref _dropped);
            return;
        }
        if (stderr) ExecLog.Stderr(logger, line);
        else ExecLog.Stdout(logger, line);
    }

    /// <summary>Says how many lines were dropped, if any; call once both streams have ended.</summary>
    public void Finish()
    {
        if (_dropped > 0) ExecLog.LinesDropped(logger, _dropped, maxLines);
    }
}
