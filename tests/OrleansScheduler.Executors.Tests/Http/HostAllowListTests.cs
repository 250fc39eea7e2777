using OrleansScheduler.Executors.Http;

namespace OrleansScheduler.Executors.Tests.Http;

/// <summary>What an allow-list entry matches: exact hosts, subdomains of a wildcard, ports when given.</summary>
public sealed class HostAllowListTests
{
    [Theory]
    [InlineData("api.example.com", "https://api.example.com/hook", true)]
    [InlineData("api.example.com", "https://API.Example.COM:8443/hook", true)]
    [InlineData("API.EXAMPLE.COM", "https://api.example.com/", true)]
    [InlineData("api.example.com", "https://example.com/", false)]
    [InlineData("api.example.com", "https://api.example.com.evil.net/", false)]
    [InlineData("*.example.com", "https://a.example.com/", true)]
    [InlineData("*.example.com", "https://a.b.example.com/", true)]
    [InlineData("*.example.com", "https://example.com/", false)]
    [InlineData("*.example.com", "https://badexample.com/", false)]
    [InlineData("api.example.com:8443", "https://api.example.com:8443/", true)]
    [InlineData("api.example.com:8443", "https://api.example.com/", false)]
    [InlineData("127.0.0.1:5000", "http://127.0.0.1:5000/", true)]
    [InlineData("[::1]:5000", "http://[::1]:5000/", true)]
    [InlineData("[::1]", "http://[::1]:7/", true)]
    public void an_entry_allows_exactly_the_hosts_and_ports_it_names(string entry, string url, bool allowed) =>
        Assert.Equal(allowed, HostAllowList.From([entry]).Allows(new Uri(url)));

    [Fact]
    public void an_empty_allow_list_allows_nothing() =>
        Assert.False(HostAllowList.From([]).Allows(new Uri("http://127.0.0.1/")));
}
