using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Logging;
using Orleans.Connections.Security;

namespace OrleansScheduler.Tls;

/// <summary>What silos and clients share: reading <c>Scheduler:Tls</c>, and turning it into Orleans' <see cref="TlsOptions"/>.</summary>
internal static class OrleansTls
{
    /// <summary>The options in <paramref name="configuration"/>'s <c>Scheduler:Tls</c> section.</summary>
    public static OrleansTlsOptions Read(IConfiguration configuration) =>
        configuration.GetSection(OrleansTlsOptions.Section).Get<OrleansTlsOptions>() ?? new OrleansTlsOptions();

    /// <summary>
    /// The Orleans TLS settings for <paramref name="options"/>, given the host's loggers. The files are read now, so that a
    /// bad file or password stops the process at start: this process shows its certificate and demands one from every peer,
    /// which the validator must trust.
    /// </summary>
    public static Func<ILoggerFactory, TlsOptions> Prepare(OrleansTlsOptions options)
    {
        var ca = TlsCertificates.LoadCa(options);
        if (ca is null && options.AllowedThumbprints.Count == 0)
        {
            throw TlsCertificates.Refused($"{OrleansTlsOptions.Section}: set CaCertificate or AllowedThumbprints to say which silos and clients to trust; "
                + "with neither, no peer's certificate could be accepted.");
        }
        var certificate = TlsCertificates.LoadLocal(options);
        return loggers =>
        {
            var validator = new PeerCertificateValidator(ca, options.AllowedThumbprints, loggers.CreateLogger<PeerCertificateValidator>());
            return new TlsOptions
            {
                LocalCertificate = certificate,
                RemoteCertificateMode = RemoteCertificateMode.RequireCertificate,
                ClientCertificateMode = RemoteCertificateMode.RequireCertificate,
                RemoteCertificateValidation = validator.Validate,
            };
        };
    }

    /// <summary>Whether <paramref name="options"/> ask for TLS, refusing a trust setting without a certificate (TLS looks on but is not).</summary>
    public static bool IsWanted(OrleansTlsOptions options)
    {
        if (options.IsEnabled) return true;
        if (!string.IsNullOrWhiteSpace(options.CaCertificate) || options.AllowedThumbprints.Count > 0)
            throw TlsCertificates.Refused($"{OrleansTlsOptions.Section}: CaCertificate or AllowedThumbprints is set but Certificate is not; set Certificate to turn TLS on.");
        return false;
    }
}
