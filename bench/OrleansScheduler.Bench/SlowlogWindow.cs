using StackExchange.Redis;

namespace OrleansScheduler.Bench;

/// <summary>
/// The SLOWLOG over one measured stretch: opening it lowers <c>slowlog-log-slower-than</c> to
/// <see cref="ThresholdMicros"/> and raises <c>slowlog-max-len</c> to <see cref="MaxLength"/> (so every
/// top-level command that slow is kept, and the slowest can be picked from all of them), then resets the
/// log; disposing it puts both settings back as they were.
/// </summary>
public sealed class SlowlogWindow : IAsyncDisposable
{
    /// <summary>Commands at least this slow, µs, are logged while the window is open.</summary>
    public const long ThresholdMicros = 100;

    /// <summary>How many entries the log keeps while the window is open.</summary>
    public const int MaxLength = 10_000;

    private readonly IServer _server;
    private readonly string _threshold;
    private readonly string _maxLength;

    private SlowlogWindow(IServer server, string threshold, string maxLength)
    {
        _server = server;
        _threshold = threshold;
        _maxLength = maxLength;
    }

    /// <summary>Opens the window on <paramref name="server"/>.</summary>
    public static async Task<SlowlogWindow> OpenAsync(IServer server)
    {
        string threshold = (await server.ConfigGetAsync("slowlog-log-slower-than")).Single().Value;
        string maxLength = (await server.ConfigGetAsync("slowlog-max-len")).Single().Value;
        await server.ConfigSetAsync("slowlog-log-slower-than", ThresholdMicros);
        await server.ConfigSetAsync("slowlog-max-len", MaxLength);
        await server.SlowlogResetAsync();
        return new SlowlogWindow(server, threshold, maxLength);
    }

    /// <summary>The <paramref name="count"/> slowest entries logged since the window opened, slowest first.</summary>
    public async Task<IReadOnlyList<SlowCommand>> SlowestAsync(int count)
    {
        var entries = await _server.SlowlogGetAsync(MaxLength);
        return [.. entries.OrderByDescending(e => e.Duration).Take(count).Select(e => new SlowCommand(Name(e.Arguments), (long)e.Duration.TotalMicroseconds))];
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _server.ConfigSetAsync("slowlog-log-slower-than", _threshold);
        await _server.ConfigSetAsync("slowlog-max-len", _maxLength);
    }

    private static string Name(RedisValue[] arguments)
    {
        if (arguments.Length == 0) return "?";
        string name = ((string?)arguments[0] ?? "?").ToLowerInvariant();
        // which script: the start of its sha (evalsha) or the function's name (fcall)
        if (name is "evalsha" or "fcall" or "fcall_ro" && arguments.Length > 1)
        {
            string which = (string?)arguments[1] ?? "";
            return $"{name} {(name == "evalsha" ? which[..Math.Min(8, which.Length)] : which)}";
        }
        return name;
    }
}
