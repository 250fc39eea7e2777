using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using OrleansScheduler.Tls;

namespace Microsoft.Extensions.Hosting;

/// <summary>TLS from an Orleans client to the silos' gateways: <c>client.UseSchedulerTls(configuration)</c>.</summary>
public static class SchedulerTlsClientBuilderExtensions
{
    /// <summary>
    /// Turns on mutual TLS for the client's connections to the silos' gateways when <c>Scheduler:Tls:Certificate</c>
    /// is set (<see cref="OrleansTlsOptions"/>); does nothing otherwise.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A TLS setting is wrong: a file is missing or unreadable, or no peer would be trusted.</exception>
    public static IClientBuilder UseSchedulerTls(this IClientBuilder client, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return client.UseSchedulerTls(OrleansTls.Read(configuration));
    }

    /// <summary>Turns on mutual TLS for the client's connections as <paramref name="options"/> say, when they name a certificate.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A TLS setting is wrong.</exception>
    public static IClientBuilder UseSchedulerTls(this IClientBuilder client, OrleansTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(options);
        if (!OrleansTls.IsWanted(options)) return client;
        var tls = OrleansTls.Prepare(options);
        // What Orleans' UseTls does, with the host's loggers for the validator, which says why it refused a silo.
        client.Services.AddOptions<ClientConnectionOptions>().Configure<ILoggerFactory>((connections, loggers) =>
        {
            var settings = tls(loggers);
            connections.ConfigureConnection(connection => connection.UseClientTls(settings));
        });
        return client;
    }
}
