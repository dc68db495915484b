package io.coalition.privacy.composition;

import io.coalition.privacy.Seeded;
import io.coalition.privacy.bprcs.BprcsParameters;
import io.coalition.privacy.bprcs.BprcsPublisher;
import io.coalition.privacy.noise.PrivacyAccountant;
import io.coalition.privacy.sequence.ExecutionSequence;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.w3c.dom.Document;
import org.w3c.dom.Element;
import org.w3c.dom.NodeList;

import javax.xml.parsers.DocumentBuilderFactory;
import java.io.ByteArrayInputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static io.coalition.privacy.composition.ProcessExports.BPEL_NS;
import static io.coalition.privacy.composition.ProcessExports.PLNK_NS;
import static io.coalition.privacy.composition.ProcessExports.WSDL_NS;
import static org.assertj.core.api.Assertions.assertThat;

/** The WS-BPEL process and its WSDL parse as XML and refer to each other consistently. */
class BpelWsdlTest {
    static Document bpel;
    static Document wsdl;
    static String wsdlText;

    @BeforeAll
    static void compose() throws Exception {
        BprcsParameters params = BprcsParameters.of(new BigDecimal("100000"), 1, 4).withParameterDomains(
                Map.of("BuyerLoc", List.of("local", "international"), "PayMethod", List.of("paypal", "card")));
        List<ExecutionSequence> priv = new BprcsPublisher(params).publish(CompositionTest.orders(90),
                new PrivacyAccountant(new BigDecimal("100000")), Seeded.random(31)).sequences();
        Composition.ComposedProcess p = Composition.compose(priv, 0.2);
        bpel = parse(ProcessExports.bpel(p, "InternetOrders", "InternetOrders.wsdl"));
        wsdlText = ProcessExports.wsdl(p, "InternetOrders");
        wsdl = parse(wsdlText);
    }

    static Document parse(String xml) throws Exception {
        DocumentBuilderFactory f = DocumentBuilderFactory.newInstance();
        f.setNamespaceAware(true);
        return f.newDocumentBuilder().parse(new ByteArrayInputStream(xml.getBytes(StandardCharsets.UTF_8)));
    }

    static List<Element> all(Document d, String ns, String name) {
        NodeList l = d.getElementsByTagNameNS(ns, name);
        List<Element> out = new ArrayList<>();
        for (int i = 0; i < l.getLength(); i++) out.add((Element) l.item(i));
        return out;
    }

    static Element named(Document d, String ns, String element, String name) {
        return all(d, ns, element).stream().filter(e -> e.getAttribute("name").equals(name)).findFirst().orElse(null);
    }

    /** Resolves a QName attribute against the element's in-scope namespaces; expects the WSDL's namespace. */
    static String local(Element e, String attribute, String expectedNamespace) {
        String q = e.getAttribute(attribute);
        int colon = q.indexOf(':');
        assertThat(colon).as(attribute + " of " + e.getTagName()).isPositive();
        assertThat(e.lookupNamespaceURI(q.substring(0, colon))).as(q).isEqualTo(expectedNamespace);
        return q.substring(colon + 1);
    }

    @Test
    void wsdl_isWsdl11_withTheServicesNamespace() {
        Element root = wsdl.getDocumentElement();
        assertThat(root.getNamespaceURI()).isEqualTo(WSDL_NS);
        assertThat(root.getLocalName()).isEqualTo("definitions");
        assertThat(root.getAttribute("targetNamespace")).isEqualTo("urn:coalition:composed:InternetOrders:services");
        assertThat(all(wsdl, PLNK_NS, "partnerLinkType")).hasSize(7);
        assertThat(all(wsdl, WSDL_NS, "portType")).hasSize(7);
        assertThat(all(wsdl, WSDL_NS, "message")).hasSize(13);
    }

    @Test
    void bpel_importsTheWsdl_byItsNamespaceAndLocation() {
        List<Element> imports = all(bpel, BPEL_NS, "import");
        assertThat(imports).hasSize(1);
        assertThat(imports.get(0).getAttribute("namespace")).isEqualTo(wsdl.getDocumentElement().getAttribute("targetNamespace"));
        assertThat(imports.get(0).getAttribute("location")).isEqualTo("InternetOrders.wsdl");
        assertThat(imports.get(0).getAttribute("importType")).isEqualTo(WSDL_NS);
    }

    @Test
    void everyReference_resolves_partnerLinkTypesRolesMessagesOperationsAndParts() {
        String ns = wsdl.getDocumentElement().getAttribute("targetNamespace");
        Map<String, String> roleOfLink = new HashMap<>();
        Map<String, Element> portTypeOfLink = new HashMap<>();
        for (Element pl : all(bpel, BPEL_NS, "partnerLink")) {
            Element lt = named(wsdl, PLNK_NS, "partnerLinkType", local(pl, "partnerLinkType", ns));
            assertThat(lt).as("partner link type of " + pl.getAttribute("name")).isNotNull();
            String role = pl.hasAttribute("myRole") ? pl.getAttribute("myRole") : pl.getAttribute("partnerRole");
            Element r = all(wsdl, PLNK_NS, "role").stream()
                    .filter(e -> e.getParentNode() == lt && e.getAttribute("name").equals(role)).findFirst().orElse(null);
            assertThat(r).as("role " + role + " of " + pl.getAttribute("name")).isNotNull();
            Element pt = named(wsdl, WSDL_NS, "portType", local(r, "portType", ns));
            assertThat(pt).as("port type of role " + role).isNotNull();
            roleOfLink.put(pl.getAttribute("name"), role);
            portTypeOfLink.put(pl.getAttribute("name"), pt);
        }
        Map<String, String> messageOfVariable = new HashMap<>();
        for (Element v : all(bpel, BPEL_NS, "variable")) {
            if (!v.hasAttribute("messageType")) continue;
            String m = local(v, "messageType", ns);
            assertThat(named(wsdl, WSDL_NS, "message", m)).as("message of variable " + v.getAttribute("name")).isNotNull();
            messageOfVariable.put(v.getAttribute("name"), m);
        }
        assertThat(all(bpel, BPEL_NS, "invoke")).hasSize(6).allSatisfy(inv -> {
            Element op = operation(portTypeOfLink.get(inv.getAttribute("partnerLink")), inv.getAttribute("operation"));
            assertThat(op).as("operation of " + inv.getAttribute("name")).isNotNull();
            assertThat(messageOfVariable.get(inv.getAttribute("inputVariable"))).isEqualTo(io(op, "input", ns));
            assertThat(messageOfVariable.get(inv.getAttribute("outputVariable"))).isEqualTo(io(op, "output", ns));
        });
        for (String verb : List.of("receive", "reply")) {
            Element e = all(bpel, BPEL_NS, verb).get(0);
            assertThat(roleOfLink.get(e.getAttribute("partnerLink"))).isEqualTo("process");
            Element op = operation(portTypeOfLink.get(e.getAttribute("partnerLink")), e.getAttribute("operation"));
            assertThat(io(op, verb.equals("receive") ? "input" : "output", ns))
                    .isEqualTo(messageOfVariable.get(e.getAttribute("variable")));
        }
        List<Element> froms = all(bpel, BPEL_NS, "from");
        assertThat(froms).hasSizeGreaterThanOrEqualTo(2).allSatisfy(from -> {
            Element message = named(wsdl, WSDL_NS, "message", messageOfVariable.get(from.getAttribute("variable")));
            assertThat(all(wsdl, WSDL_NS, "part").stream().filter(p -> p.getParentNode() == message)
                    .map(p -> p.getAttribute("name"))).contains(from.getAttribute("part"));
        });
        assertThat(wsdlText).contains("<message name=\"ReceiveOrderResponse\">\n    <part name=\"result\" type=\"xsd:string\"/>\n"
                + "    <part name=\"BuyerLoc\" type=\"xsd:string\"/>\n  </message>");
    }

    static Element operation(Element portType, String name) {
        NodeList ops = portType.getElementsByTagNameNS(WSDL_NS, "operation");
        for (int i = 0; i < ops.getLength(); i++) {
            Element o = (Element) ops.item(i);
            if (o.getAttribute("name").equals(name)) return o;
        }
        return null;
    }

    static String io(Element op, String which, String ns) {
        return local((Element) op.getElementsByTagNameNS(WSDL_NS, which).item(0), "message", ns);
    }
}
