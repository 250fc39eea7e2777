using Xunit.Abstractions;

namespace OrleansScheduler.TestingHost.Tests;

public sealed class InMemorySiloFailoverTests(ITestOutputHelper output) : SiloFailoverTests(b => b.UseInMemory(), output);
