namespace OrleansScheduler.Silo.Demo;

/// <summary>How a demo run ended.</summary>
internal sealed record DemoReport
{
    /// <summary>Tasks submitted.</summary>
    public int Total { get; init; }
    /// <summary>Tasks that ended Succeeded.</summary>
    public int Succeeded { get; init; }
    /// <summary>Tasks that ended Failed.</summary>
    public int Failed { get; init; }
    /// <summary>Of <see cref="Failed"/>, those meant to fail.</summary>
    public int FailedOnPurpose { get; init; }
    /// <summary>Tasks that ended Canceled.</summary>
    public int Canceled { get; init; }
    /// <summary>Tasks that took more than one attempt.</summary>
    public int Retried { get; init; }
    /// <summary>Tasks not in a terminal state when the run ended.</summary>
    public int Unfinished { get; init; }
    /// <summary>From the first submission to the end.</summary>
    public TimeSpan Elapsed { get; init; }
    /// <summary>True when the run gave up waiting.</summary>
    public bool TimedOut { get; init; }

    /// <summary>Every task finished, and none failed or was canceled unless meant to.</summary>
    public bool Success => !TimedOut && Unfinished == 0 && Failed == FailedOnPurpose && Canceled == 0;

    /// <summary>0 on success, 2 on a timeout, 1 when a task ended badly.</summary>
    public int ExitCode => Success ? 0 : TimedOut ? 2 : 1;
}
