using System.Net.Sockets;

namespace OrleansScheduler.Client;

/// <summary>
/// Sends each request to the gateway that answered last, and moves on to the next URL of the list when
/// one stops answering (the connection is refused or fails, or no response headers arrive within
/// <see cref="ResponseTimeout"/>). The gateway that answered is used from then on. An answer, even a
/// 4xx or 5xx, is an answer: it is returned, not retried elsewhere.
/// </summary>
/// <remarks>
/// The HttpClient above it must have <see cref="BaseAddress"/> as its base address and an infinite
/// timeout: the handler swaps the base for the gateway's and times each attempt itself, covering only
/// the wait for the headers, so a long event stream is not cut off. <see cref="SchedulerClient.ForGateways"/>
/// builds such a client. A request whose first gateway took it but did not answer in time may be sent
/// to the next one: give submissions an idempotency key.
/// </remarks>
public sealed class GatewayFailoverHandler : DelegatingHandler
{
    /// <summary>The placeholder base address the HttpClient sends with; each request is re-addressed to a real gateway.</summary>
    public static readonly Uri BaseAddress = new("http://osched.gateway/");

    private readonly IReadOnlyList<Uri> _gateways;
    private int _current;

    /// <summary>Creates the handler over <paramref name="gateways"/> (tried in order, starting with the first).</summary>
    public GatewayFailoverHandler(IReadOnlyList<Uri> gateways, HttpMessageHandler? inner = null)
        : base(inner ?? new SocketsHttpHandler { ConnectTimeout = TimeSpan.FromSeconds(5) })
    {
        ArgumentOutOfRangeException.ThrowIfZero(gateways.Count);
        _gateways = gateways;
    }

    /// <summary>How long one gateway has to send its response headers before the next is tried (default 30 s).</summary>
    public TimeSpan ResponseTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>The gateway requests go to now: the last one that answered.</summary>
    public Uri Current => _gateways[_current];

    /// <inheritdoc />
    protected override async Task<HttpResponseMessage> SendAsync(HttpRequestMessage request, CancellationToken cancellationToken)
    {
        // PathAndQuery keeps the escaping the client applied to ids and cursors.
        string relative = (request.RequestUri ?? BaseAddress).PathAndQuery.TrimStart('/');
        var failures = new List<string>();
        for (int tried = 0; tried < _gateways.Count; tried++)
        {
            int index = (_current + tried) % _gateways.Count;
            request.RequestUri = new Uri(_gateways[index], relative);
            using var attempt = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
            attempt.CancelAfter(ResponseTimeout);
            try
            {
                var response = await base.SendAsync(request, attempt.Token).ConfigureAwait(false);
                _current = index;
                return response;
            }
            catch (HttpRequestException e) when (IsUnanswered(e))
            {
                failures.Add($"{_gateways[index]} ({e.InnerException?.Message ?? e.Message})");
            }
            catch (OperationCanceledException) when (!cancellationToken.IsCancellationRequested)
            {
                failures.Add($"{_gateways[index]} (no answer within {ResponseTimeout.TotalSeconds:0.#} s)");
            }
        }
        throw new GatewayUnreachableException(failures);
    }

    private static bool IsUnanswered(HttpRequestException e) =>
        e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError or HttpRequestError.SecureConnectionError
        || e.InnerException is SocketException;
}
