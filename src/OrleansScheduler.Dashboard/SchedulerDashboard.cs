using Microsoft.Extensions.FileProviders;
using Microsoft.Net.Http.Headers;

namespace OrleansScheduler.Dashboard;

/// <summary>
/// The live web dashboard: <c>app.MapSchedulerDashboard()</c> next to <c>app.MapTaskSchedulerApi()</c> serves it at
/// <c>/dashboard/</c>. Its files are embedded in this assembly, so nothing is fetched from a CDN or the disk; the page
/// reads and acts through the app's <c>/api/*</c> only, sending the key its user types as <c>X-Api-Key</c>, so the API's
/// keys and roles govern the dashboard exactly as they govern any other client.
/// </summary>
public static class SchedulerDashboard
{
    /// <summary>Where the dashboard is served.</summary>
    public const string Path = "/dashboard";

    // The page may load its own files and call its own origin's API, nothing else; it may not be framed (clickjacking
    // of its action buttons).
    private const string ContentSecurityPolicy =
        "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; img-src 'self' data:; connect-src 'self'; frame-ancestors 'none'; base-uri 'none'; form-action 'none'";

    /// <summary>
    /// Serves the dashboard at <see cref="Path"/> (<c>/dashboard</c> redirects to <c>/dashboard/</c>), from this
    /// assembly's embedded files, with their content types, <c>ETag</c> / <c>Last-Modified</c> and
    /// <c>Cache-Control: no-cache</c>: a browser revalidates (a 304 when unchanged) and so picks up a new version
    /// right after a deploy, as the files' names carry no version.
    /// </summary>
    public static WebApplication MapSchedulerDashboard(this WebApplication app)
    {
        ArgumentNullException.ThrowIfNull(app);
        var files = new ManifestEmbeddedFileProvider(typeof(SchedulerDashboard).Assembly, "wwwroot");
        app.UseDefaultFiles(new DefaultFilesOptions { FileProvider = files, RequestPath = Path });
        app.UseStaticFiles(new StaticFileOptions
        {
            FileProvider = files,
            RequestPath = Path,
            OnPrepareResponse = context =>
            {
                var headers = context.Context.Response.Headers;
                headers[HeaderNames.CacheControl] = "no-cache";
                headers[HeaderNames.XContentTypeOptions] = "nosniff";
                headers[HeaderNames.ContentSecurityPolicy] = ContentSecurityPolicy;
                headers["Referrer-Policy"] = "no-referrer";
            },
        });
        return app;
    }
}
