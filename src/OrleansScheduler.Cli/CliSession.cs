using OrleansScheduler.Client;

namespace OrleansScheduler.Cli;

/// <summary>What one command runs with: the client on the failover handler, and the output.</summary>
public sealed class CliSession : IDisposable
{
    private readonly HttpClient _http;

    /// <summary>Creates the session's client over <paramref name="gateways"/>, sending <paramref name="apiKey"/> when given.</summary>
    public CliSession(IReadOnlyList<Uri> gateways, string? apiKey, CliOutput output, TextReader input)
    {
        Failover = new GatewayFailoverHandler(gateways);
        _http = new HttpClient(Failover) { BaseAddress = GatewayFailoverHandler.BaseAddress, Timeout = Timeout.InfiniteTimeSpan };
        if (!string.IsNullOrEmpty(apiKey)) _http.DefaultRequestHeaders.Add("X-Api-Key", apiKey);
        Client = new SchedulerClient(_http);
        Output = output;
        Input = input;
    }

    /// <summary>The typed client of the gateway API.</summary>
    public SchedulerClient Client { get; }

    /// <summary>The handler that picks the gateway.</summary>
    public GatewayFailoverHandler Failover { get; }

    /// <summary>Where the command prints.</summary>
    public CliOutput Output { get; }

    /// <summary>Standard input (a payload given as <c>-</c>).</summary>
    public TextReader Input { get; }

    /// <inheritdoc />
    public void Dispose() => _http.Dispose();
}
