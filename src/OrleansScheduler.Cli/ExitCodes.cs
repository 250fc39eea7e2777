namespace OrleansScheduler.Cli;

/// <summary>What <c>osched</c> exits with; docs/cli.md documents the same table.</summary>
public static class ExitCodes
{
    /// <summary>The command did what it was asked.</summary>
    public const int Ok = 0;

    /// <summary>The command line was wrong: an unknown command or option, a missing argument, a payload that is not JSON.</summary>
    public const int Usage = 1;

    /// <summary>The gateway refused the request (a 4xx answer, including 404 for an unknown task, queue or schedule).</summary>
    public const int Refused = 2;

    /// <summary>No gateway answered: every URL refused the connection or timed out.</summary>
    public const int Unreachable = 3;

    /// <summary>The gateway failed (a 5xx answer, e.g. 503 when the cluster could not serve the request in time).</summary>
    public const int GatewayFailed = 4;
}
