#include "report.hpp"

#include <boost/json.hpp>

namespace maillab::cli {

void print_domain_health(std::ostream& out, const DomainHealthReport& health) {
    for (const auto& c : health.checks)
        out << "  " << autoconfig::to_string(c.verdict) << "  " << c.name << ": " << c.summary
            << "\n";
}

boost::json::array domain_health_json(const DomainHealthReport& health) {
    boost::json::array checks;
    for (const auto& c : health.checks)
        checks.push_back(boost::json::object{{"name", c.name},
                                             {"verdict", autoconfig::to_string(c.verdict)},
                                             {"summary", c.summary}});
    return checks;
}

} // namespace maillab::cli
