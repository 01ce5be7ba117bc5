using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Baqylau.Localization;
using Baqylau.Mail;
using Microsoft.Extensions.Localization;
using Microsoft.Extensions.Options;

namespace Baqylau.Web.Mail;

/// <summary>
/// Renders queued mail from MailStrings in the message's language: a greeting, the kind's body with its named
/// placeholders filled ({Link} made absolute with the configured site address, {At}/{From}/{To} as Kazakhstan-time
/// datelines), and a footer. Plain text only: nothing in a message is markup, so nothing in it can be injected.
/// </summary>
public sealed partial class MailComposer(IStringLocalizer<MailStrings> strings, IOptions<MailOptions> options) : IMailRenderer
{
    private static readonly string[] Instants = ["At", "From", "To"];

    public RenderedMail Render(string kind, string culture, IReadOnlyDictionary<string, string> args)
    {
        ArgumentNullException.ThrowIfNull(args);
        var lang = Cultures.IsSupported(culture) ? culture.ToLowerInvariant() : Cultures.Default;
        var previous = CultureInfo.CurrentUICulture;
        CultureInfo.CurrentUICulture = Cultures.Get(lang);
        try
        {
            var values = Values(args, lang);
            var subject = Fill(strings[$"{kind}_Subject"], values);
            var body = new StringBuilder();
            if (values.ContainsKey("Name"))
                body.Append(Fill(strings["Greeting"], values)).Append("\n\n");
            body.Append(Fill(strings[$"{kind}_Body"], values)).Append("\n\n-- \n").Append(strings["Footer"].Value);
            // One line: a line break in a subject would start a new header.
            return new RenderedMail(LineBreaks().Replace(subject, " "), body.ToString());
        }
        finally
        {
            CultureInfo.CurrentUICulture = previous;
        }
    }

    private Dictionary<string, string> Values(IReadOnlyDictionary<string, string> args, string lang)
    {
        var values = new Dictionary<string, string>(args, StringComparer.Ordinal);
        if (values.TryGetValue("Link", out var link) && link.StartsWith('/'))
            values["Link"] = options.Value.SiteUrl.TrimEnd('/') + link;
        foreach (var key in Instants)
        {
            if (values.TryGetValue(key, out var text) && DateTimeOffset.TryParse(text, CultureInfo.InvariantCulture, DateTimeStyles.RoundtripKind, out var at))
                values[key] = Datelines.Format(at, lang);
        }

        if (values.TryGetValue("Action", out var action))
            values["Action"] = strings[$"AuditAction_{action}"];
        if (values.TryGetValue("Account", out var account) && string.IsNullOrEmpty(account))
            values["Account"] = strings["UnknownAccount"];
        return values;
    }

    private static string Fill(string template, Dictionary<string, string> values) =>
        Placeholder().Replace(template, m => values.TryGetValue(m.Groups[1].Value, out var v) ? v : m.Value);

    [GeneratedRegex(@"\{([A-Za-z]+)\}")]
    private static partial Regex Placeholder();

    [GeneratedRegex(@"[\r\n]+")]
    private static partial Regex LineBreaks();
}
