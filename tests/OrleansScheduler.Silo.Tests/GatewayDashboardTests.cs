using System.Net;
using OrleansScheduler.Silo.Tests.Infrastructure;

namespace OrleansScheduler.Silo.Tests;

/// <summary>Both executables serve the dashboard next to the API (its browser tests are in OrleansScheduler.Dashboard.Tests).</summary>
public sealed class GatewayDashboardTests(InMemoryGatewayOnlyFixture fixture) : IClassFixture<InMemoryGatewayOnlyFixture>
{
    [Fact]
    public async Task the_gateway_and_the_silo_both_serve_the_dashboard_page_and_its_script()
    {
        foreach (var http in new[] { fixture.GatewayHttp, fixture.Http })
        {
            var page = await http.GetAsync("/dashboard/");
            Assert.Equal(HttpStatusCode.OK, page.StatusCode);
            Assert.Equal("text/html", page.Content.Headers.ContentType?.MediaType);
            Assert.Contains("dashboard.js", await page.Content.ReadAsStringAsync());

            var script = await http.GetAsync("/dashboard/dashboard.js");
            Assert.Equal(HttpStatusCode.OK, script.StatusCode);
            Assert.Equal("text/javascript", script.Content.Headers.ContentType?.MediaType);
        }
    }
}
