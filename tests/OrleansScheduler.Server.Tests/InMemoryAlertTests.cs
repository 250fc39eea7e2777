using OrleansScheduler.Server.Tests.Infrastructure;
using Xunit.Abstractions;

namespace OrleansScheduler.Server.Tests;

public sealed class InMemoryAlertTests(ITestOutputHelper output) : AlertTests(() => new InMemoryClusterStorage(), output);
