namespace Closeout.Features.Collections;

/// <summary>
/// A client's zone from the billing address's state or province (the zone most of it uses); the business's zone when
/// unknown. Quiet hours are then checked in that zone, never in the server's.
/// </summary>
public static class ClientTimeZones
{
    private static readonly Dictionary<string, string> ByRegion = new(StringComparer.OrdinalIgnoreCase)
    {
        ["CT"] = "America/New_York", ["DE"] = "America/New_York", ["DC"] = "America/New_York", ["FL"] = "America/New_York", ["GA"] = "America/New_York",
        ["IN"] = "America/Indiana/Indianapolis", ["KY"] = "America/New_York", ["ME"] = "America/New_York", ["MD"] = "America/New_York", ["MA"] = "America/New_York",
        ["MI"] = "America/Detroit", ["NH"] = "America/New_York", ["NJ"] = "America/New_York", ["NY"] = "America/New_York", ["NC"] = "America/New_York",
        ["OH"] = "America/New_York", ["PA"] = "America/New_York", ["RI"] = "America/New_York", ["SC"] = "America/New_York", ["VT"] = "America/New_York",
        ["VA"] = "America/New_York", ["WV"] = "America/New_York", ["ON"] = "America/Toronto", ["QC"] = "America/Toronto",
        ["AL"] = "America/Chicago", ["AR"] = "America/Chicago", ["IL"] = "America/Chicago", ["IA"] = "America/Chicago", ["KS"] = "America/Chicago",
        ["LA"] = "America/Chicago", ["MN"] = "America/Chicago", ["MS"] = "America/Chicago", ["MO"] = "America/Chicago", ["NE"] = "America/Chicago",
        ["ND"] = "America/Chicago", ["OK"] = "America/Chicago", ["SD"] = "America/Chicago", ["TN"] = "America/Chicago", ["TX"] = "America/Chicago",
        ["WI"] = "America/Chicago", ["MB"] = "America/Winnipeg", ["SK"] = "America/Regina",
        ["AZ"] = "America/Phoenix", ["CO"] = "America/Denver", ["ID"] = "America/Boise", ["MT"] = "America/Denver", ["NM"] = "America/Denver",
        ["UT"] = "America/Denver", ["WY"] = "America/Denver", ["AB"] = "America/Edmonton",
        ["CA"] = "America/Los_Angeles", ["NV"] = "America/Los_Angeles", ["OR"] = "America/Los_Angeles", ["WA"] = "America/Los_Angeles", ["BC"] = "America/Vancouver",
        ["AK"] = "America/Anchorage", ["HI"] = "Pacific/Honolulu", ["NS"] = "America/Halifax", ["NB"] = "America/Moncton", ["NL"] = "America/St_Johns",
        ["PR"] = "America/Puerto_Rico",
    };

    public static TimeZoneInfo For(string? province, string businessZone)
    {
        var id = province is not null && ByRegion.TryGetValue(province.Trim(), out var zone) ? zone : businessZone;
        return TimeZoneInfo.TryFindSystemTimeZoneById(id, out var found) ? found : TimeZoneInfo.FindSystemTimeZoneById(businessZone);
    }
}
