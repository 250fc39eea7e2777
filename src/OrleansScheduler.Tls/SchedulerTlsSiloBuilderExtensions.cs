using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Orleans;
using Orleans.Configuration;
using Orleans.Hosting;
using OrleansScheduler.Tls;

namespace Microsoft.Extensions.Hosting;

/// <summary>TLS between silos and on a silo's gateway: <c>silo.UseSchedulerTls(configuration)</c>.</summary>
public static class SchedulerTlsSiloBuilderExtensions
{
    /// <summary>
    /// Turns on mutual TLS for the silo's connections to other silos and from clients when <c>Scheduler:Tls:Certificate</c>
    /// is set (<see cref="OrleansTlsOptions"/>); does nothing otherwise.
    /// </summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A TLS setting is wrong: a file is missing or unreadable, or no peer would be trusted.</exception>
    public static ISiloBuilder UseSchedulerTls(this ISiloBuilder silo, IConfiguration configuration)
    {
        ArgumentNullException.ThrowIfNull(configuration);
        return silo.UseSchedulerTls(OrleansTls.Read(configuration));
    }

    /// <summary>Turns on mutual TLS for the silo's connections as <paramref name="options"/> say, when they name a certificate.</summary>
    /// <exception cref="Microsoft.Extensions.Options.OptionsValidationException">A TLS setting is wrong.</exception>
    public static ISiloBuilder UseSchedulerTls(this ISiloBuilder silo, OrleansTlsOptions options)
    {
        ArgumentNullException.ThrowIfNull(silo);
        ArgumentNullException.ThrowIfNull(options);
        if (!OrleansTls.IsWanted(options)) return silo;
        var tls = OrleansTls.Prepare(options);
        // What Orleans' UseTls does, with the host's loggers for the validator, which says why it refused a peer.
        silo.Services.AddOptions<SiloConnectionOptions>().Configure<ILoggerFactory>((connections, loggers) =>
        {
            var settings = tls(loggers);
            connections.ConfigureSiloInboundConnection(connection => connection.UseServerTls(settings));
            connections.ConfigureGatewayInboundConnection(connection => connection.UseServerTls(settings));
            connections.ConfigureSiloOutboundConnection(connection => connection.UseClientTls(settings));
        });
        return silo;
    }
}
