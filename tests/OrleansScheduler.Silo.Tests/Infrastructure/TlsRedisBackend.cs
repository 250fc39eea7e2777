using OrleansScheduler.Testing;

namespace OrleansScheduler.Silo.Tests.Infrastructure;

/// <summary>
/// A real redis-server that speaks only TLS, with a CA, server and client certificates the fixture makes
/// (<see cref="RedisTlsCertificates"/>): the silos and gateways trust that CA and present the client certificate
/// through the <c>Scheduler:RedisTls</c> settings, as an operator would configure them.
/// </summary>
public sealed class TlsRedisBackend : ClusterBackend
{
    private readonly RedisTlsCertificates _certificates = new();
    private RedisServer? _redis;

    /// <inheritdoc />
    public override async Task<IReadOnlyDictionary<string, string?>> StartAsync()
    {
        _redis = new RedisServer { Options = _certificates.ServerOptions() };
        await _redis.InitializeAsync();
        return new Dictionary<string, string?>
        {
            ["Scheduler:Redis"] = $"127.0.0.1:{_redis.Port},ssl=true",
            ["Scheduler:RedisTls:CaCertificate"] = _certificates.CaCertificate,
            ["Scheduler:RedisTls:ClientCertificate"] = _certificates.ClientCertificate,
            ["Scheduler:RedisTls:ClientKey"] = _certificates.ClientKey,
            ["Orleans:Endpoints:AdvertisedIPAddress"] = "127.0.0.1",
        };
    }

    /// <inheritdoc />
    public override async ValueTask DisposeAsync()
    {
        if (_redis is not null) await _redis.DisposeAsync();
        _certificates.Dispose();
    }
}
