/** Every preset component at once, plus the features that need the deferred helpers (the inliner, cheerio): what the MJML engine's tests compile. */
export const EVERYTHING = `<mjml>
  <mj-head>
    <mj-title>All of it</mj-title>
    <mj-preview>Preview text</mj-preview>
    <mj-font name="Lato" href="https://fonts.example.org/lato.css" />
    <mj-breakpoint width="480px" />
    <mj-attributes><mj-all font-family="Lato, Arial" /><mj-class name="blue" color="#0000ff" /></mj-attributes>
    <mj-style inline="inline">.red p { color: #ff0000; }</mj-style>
    <mj-style>.hidden { display: none; }</mj-style>
    <mj-html-attributes><mj-selector path=".tagged div"><mj-html-attribute name="data-tagged">yes</mj-html-attribute></mj-selector></mj-html-attributes>
    <mj-raw><meta name="x-test" content="1"></mj-raw>
  </mj-head>
  <mj-body>
    <mj-wrapper>
      <mj-section background-url="https://example.org/s.png" background-size="cover" background-color="#eeeeee">
        <mj-group>
          <mj-column><mj-text css-class="red"><p>Red by inlining</p></mj-text></mj-column>
          <mj-column><mj-text css-class="tagged" mj-class="blue">Tagged</mj-text></mj-column>
        </mj-group>
      </mj-section>
    </mj-wrapper>
    <mj-hero background-url="https://example.org/hero.jpg" background-height="200px" background-width="600px">
      <mj-button href="https://example.org/">Go</mj-button>
    </mj-hero>
    <mj-section>
      <mj-column>
        <mj-image src="https://example.org/a.png" alt="A" />
        <mj-divider />
        <mj-spacer height="10px" />
        <mj-table><tr><td>cell</td></tr></mj-table>
        <mj-social><mj-social-element name="github" href="https://example.org/gh">GitHub</mj-social-element></mj-social>
        <mj-navbar><mj-navbar-link href="/a">A</mj-navbar-link></mj-navbar>
        <mj-accordion><mj-accordion-element><mj-accordion-title>Q</mj-accordion-title><mj-accordion-text>A</mj-accordion-text></mj-accordion-element></mj-accordion>
        <mj-carousel><mj-carousel-image src="https://example.org/c.png" /></mj-carousel>
        <mj-raw><p>raw</p></mj-raw>
      </mj-column>
    </mj-section>
  </mj-body>
</mjml>`;
