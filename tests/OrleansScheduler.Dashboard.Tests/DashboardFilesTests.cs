using System.Net;

namespace OrleansScheduler.Dashboard.Tests;

/// <summary>How the dashboard's embedded files are served: types, revalidation, the page's security headers.</summary>
[Collection(DashboardCollection.Name)]
public sealed class DashboardFilesTests(DashboardFixture fixture)
{
    [Theory]
    [InlineData("dashboard/", "text/html")]
    [InlineData("dashboard/dashboard.js", "text/javascript")]
    [InlineData("dashboard/dashboard.css", "text/css")]
    public async Task each_file_is_served_from_the_assembly_with_its_type_and_revalidation_headers(string path, string contentType)
    {
        using var http = new HttpClient { BaseAddress = new Uri(fixture.Silo.Url + "/") };
        using var response = await http.GetAsync(path);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Equal(contentType, response.Content.Headers.ContentType?.MediaType);
        Assert.True(response.Headers.CacheControl?.NoCache, "Cache-Control: no-cache, so a deploy's new files are seen at once");
        Assert.NotNull(response.Headers.ETag);
        Assert.Contains("default-src 'self'", response.Headers.GetValues("Content-Security-Policy").Single());

        using var again = new HttpRequestMessage(HttpMethod.Get, path);
        again.Headers.IfNoneMatch.Add(response.Headers.ETag);
        using var revalidated = await http.SendAsync(again);
        Assert.Equal(HttpStatusCode.NotModified, revalidated.StatusCode);
    }

    [Fact]
    public async Task the_bare_path_redirects_to_the_page_so_its_relative_links_resolve()
    {
        using var http = new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = new Uri(fixture.Silo.Url + "/") };
        using var response = await http.GetAsync("dashboard");

        Assert.Equal(HttpStatusCode.MovedPermanently, response.StatusCode);
        Assert.EndsWith("/dashboard/", response.Headers.Location?.ToString());
    }
}
