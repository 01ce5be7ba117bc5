using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Design;

namespace Baqylau.Data;

/// <summary>Lets `dotnet ef migrations add` build the model without starting the web app or a database.</summary>
internal sealed class DesignTimeDbContextFactory : IDesignTimeDbContextFactory<BaqylauDbContext>
{
    public BaqylauDbContext CreateDbContext(string[] args)
    {
        var options = new DbContextOptionsBuilder<BaqylauDbContext>()
            .UseNpgsql("Host=127.0.0.1;Database=baqylau_design", o => o.MigrationsHistoryTable("__EFMigrationsHistory"))
            .Options;
        return new BaqylauDbContext(options);
    }
}
