using System.Net;
using OrleansScheduler.Api;
using OrleansScheduler.Tasks;

namespace OrleansScheduler.Client;

/// <summary>
/// The gateway refused a request. Carries the HTTP status and the ProblemDetails the gateway sent:
/// its title, its detail and, for invalid input, the messages per field (e.g. <c>tasks[3].priority</c>).
/// </summary>
public sealed class SchedulerApiException : Exception
{
    /// <summary>Creates the exception from a problem response.</summary>
    public SchedulerApiException(HttpStatusCode statusCode, string? title, string? detail, IReadOnlyDictionary<string, string[]>? errors)
        : base(Describe(statusCode, title, detail))
    {
        StatusCode = statusCode;
        Title = title;
        Detail = detail;
        Errors = errors ?? new Dictionary<string, string[]>();
    }

    /// <summary>The HTTP status code.</summary>
    public HttpStatusCode StatusCode { get; }

    /// <summary>The problem's title.</summary>
    public string? Title { get; }

    /// <summary>The problem's detail: what was wrong.</summary>
    public string? Detail { get; }

    /// <summary>Messages by field, for invalid input; empty otherwise.</summary>
    public IReadOnlyDictionary<string, string[]> Errors { get; }

    private static string Describe(HttpStatusCode statusCode, string? title, string? detail) =>
        $"{(int)statusCode} {title ?? statusCode.ToString()}{(detail is null ? "" : ": " + detail)}";
}
