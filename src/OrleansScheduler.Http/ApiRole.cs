namespace OrleansScheduler.Http;

/// <summary>What an API key may do: <c>read</c> keys may only look, <c>admin</c> keys may also change.</summary>
public enum ApiRole
{
    /// <summary>GET and HEAD requests under <c>/api</c>, the event stream included.</summary>
    Read,

    /// <summary>Every request under <c>/api</c>: submit, cancel, pause, delete, drain, and everything a read key may do.</summary>
    Admin,
}
